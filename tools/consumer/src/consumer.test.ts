// What users install is what we test (STYLE §7): the packed tarballs, installed by npm into a
// project outside the workspace, typechecked, run in Node (ESM and require), bundled for browsers.
import { builtinModules } from 'node:module';
import { cpSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, transformSync } from 'esbuild';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot, run } from './scratch.js';

const KB = 1000;
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');

// Packed and installed once by src/setup.ts.
const scratch = inject('scratch');
const tarballs = inject('tarballs');

beforeAll(() => {
  writeFileSync(path.join(scratch, 'consumer.ts'), fixture('consumer.ts'));
});

/** The last stdout line of `node <file>` in the scratch project, parsed as JSON. */
function runNode(file: string): Record<string, unknown> {
  const lines = run(process.execPath, [file], scratch).trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown>;
}

describe('published tarballs', () => {
  it('ship only dist, package.json and README; @dl/tensor packs under 220 kB', () => {
    const rows = tarballs.map(({ name, packed, unpacked, files }) =>
      `${name.padEnd(14)} ${(packed / KB).toFixed(1).padStart(7)} kB packed ${(unpacked / KB).toFixed(1).padStart(8)} kB unpacked ${String(files.length).padStart(3)} files`,
    );
    console.log(`tarball sizes\n${rows.join('\n')}`);
    expect(tarballs.map((tarball) => tarball.name).sort()).toEqual(
      ['@dl/autograd', '@dl/io', '@dl/nn', '@dl/optim', '@dl/tensor', '@dl/viz'],
    );
    for (const { name, files } of tarballs) {
      const stray = files.filter((file) => !/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(file));
      expect(stray, `${name} ships files users never run`).toEqual([]);
    }
    const tensor = tarballs.find((tarball) => tarball.name === '@dl/tensor');
    // 200 kB packed on 2026-12-04 (its wasm kernels inlined twice, plain and shared-memory builds,
    // with JS and source maps): the limit catches a duplicated bundle or a stray asset, not growth.
    expect(tensor?.packed).toBeLessThan(220 * KB);
  });

  it('ship the metadata registries and bundlers read (engines, keywords, sideEffects), and no made-up URLs', () => {
    const manifests = tarballs.map(({ name }) => [name, JSON.parse(readFileSync(path.join(scratch, 'node_modules', name, 'package.json'), 'utf8')) as Record<string, unknown>] as const);
    const missing = manifests.flatMap(([name, manifest]) =>
      ['description', 'license', 'engines', 'keywords', 'sideEffects'].filter((field) => manifest[field] === undefined).map((field) => `${name}: ${field}`));
    expect(missing).toEqual([]);
    // The project has no public host yet: a repository, homepage or bugs URL would point at
    // someone else's page. Add them with the real host (and require them here again).
    const links = manifests.flatMap(([name, manifest]) =>
      ['repository', 'homepage', 'bugs'].filter((field) => manifest[field] !== undefined).map((field) => `${name}: ${field}`));
    expect(links).toEqual([]);
  });

  it('keep test tooling external in @dl/tensor/testing (vitest and fast-check are optional peers)', () => {
    const testing = readFileSync(path.join(scratch, 'node_modules/@dl/tensor/dist/testing/index.js'), 'utf8');
    expect(testing).toMatch(/from ["']vitest["']/);
    expect(testing).toMatch(/from ["']fast-check["']/);
    expect(testing).not.toMatch(/node_modules\/\.pnpm|tinybench|magic-string/);
  });

  it.each(['nodenext', 'bundler'])('typecheck a strict consumer under moduleResolution %s', (resolution) => {
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        lib: ['es2022'],
        module: resolution === 'nodenext' ? 'nodenext' : 'preserve',
        moduleResolution: resolution,
        // The scratch project has no @types/node of its own; lend it the workspace's.
        typeRoots: [path.join(repoRoot, 'node_modules/@types')],
        types: ['node'],
      },
      files: ['consumer.ts'],
    };
    const file = `tsconfig.${resolution}.json`;
    writeFileSync(path.join(scratch, file), JSON.stringify(config, null, 2));
    expect(() => run(process.execPath, [tsc, '-p', file], scratch)).not.toThrow();
  });

  it('document every function of @dl/tensor and @dl/autograd and every NDArray and Tensor method, as editors show it', async () => {
    const { default: ts } = await import('typescript');
    const file = path.join(scratch, 'documented.ts');
    writeFileSync(file, [
      "import * as nd from '@dl/tensor';",
      "import * as ag from '@dl/autograd';",
      'export declare const tensorExports: typeof nd;',
      'export declare const autogradExports: typeof ag;',
      'export declare const ndarray: nd.NDArray;',
      'export declare const tensor: ag.Tensor;',
    ].join('\n'));
    const program = ts.createProgram([file], { strict: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022 });
    const checker = program.getTypeChecker();
    const undocumented: string[] = [];
    let functions = 0;
    for (const statement of program.getSourceFile(file)?.statements ?? []) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        for (const member of checker.getTypeAtLocation(declaration.name).getProperties()) {
          // A re-export (`export { sum } from`) carries its docs on the symbol it aliases.
          const symbol = member.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(member) : member;
          if (checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures().length === 0) continue;
          functions++;
          if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '') undocumented.push(`${declaration.name.getText()}.${member.name}`);
        }
      }
    }
    expect(functions).toBeGreaterThan(400);
    expect(undocumented).toEqual([]);
  });

  it('run the consumer in plain Node ESM: it trains (the loss falls) and round-trips safetensors', () => {
    const { code } = transformSync(fixture('consumer.ts'), { loader: 'ts', format: 'esm', target: 'es2022' });
    writeFileSync(path.join(scratch, 'consumer.js'), code);
    const result = runNode('consumer.js') as {
      product: number[];
      grad: number[];
      epochLosses: number[];
      lr: number;
      missingKeys: string[];
      roundTrip: boolean;
    };
    console.log(`consumer (ESM): loss ${result.epochLosses[0]?.toFixed(4)} -> ${result.epochLosses.at(-1)?.toFixed(4)} over ${result.epochLosses.length} epochs`);
    expect(result.product).toEqual([4, 2]);
    expect(result.grad).toEqual([2, 2, 2]);
    expect(result.epochLosses.at(-1)).toBeLessThan(result.epochLosses[0] / 10);
    expect(result.lr).toBeCloseTo(0.0125);
    expect(result.missingKeys).toEqual([]);
    expect(result.roundTrip).toBe(true);
  });

  it('require() every package from CommonJS (Node >= 20.19 loads ESM synchronously)', () => {
    writeFileSync(path.join(scratch, 'consumer.cjs'), fixture('consumer-require.cjs'));
    const result = runNode('consumer.cjs');
    expect(result).toEqual({ shape: [2, 2], grad: [2, 2, 2], loaded: ['tensor', 'autograd', 'nn', 'optim', 'io', 'viz'], steps: 2 });
  });

  it("run @dl/tensor/testing inside the consumer's own vitest (the same vitest instance)", () => {
    // The user's devDependencies: link the workspace's vitest and fast-check, as an install would.
    const modules = path.join(scratch, 'node_modules');
    symlinkSync(realpathSync(path.join(repoRoot, 'node_modules/vitest')), path.join(modules, 'vitest'), 'dir');
    symlinkSync(realpathSync(path.join(repoRoot, 'packages/tensor/node_modules/fast-check')), path.join(modules, 'fast-check'), 'dir');
    writeFileSync(path.join(scratch, 'testing.test.ts'), fixture('testing.test.ts'));
    const output = run(process.execPath, [path.join(modules, 'vitest/vitest.mjs'), 'run', 'testing.test.ts'], scratch);
    expect(output).toMatch(/1 passed|Tests\s+\d+ passed/);
  });

  it('bundle every main entry for the browser without a Node built-in', async () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const problems: string[] = [];
    for (const { name } of tarballs) {
      try {
        const result = await build({
          stdin: { contents: `export * from '${name}';`, resolveDir: scratch, loader: 'js' },
          bundle: true,
          platform: 'browser',
          format: 'esm',
          write: false,
          metafile: true,
          logLevel: 'silent',
        });
        const inputs = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
        for (const { path: imported } of inputs) {
          if (builtins.has(imported)) problems.push(`${name}: imports the Node built-in '${imported}'`);
        }
      } catch (error) {
        const errors = (error as { errors?: { text: string }[] }).errors ?? [{ text: String(error) }];
        problems.push(...errors.map((message) => `${name}: ${message.text}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('share manualSeed, the backend registry and the thread pool between two copies of @dl/tensor; another version throws', () => {
    const installed = path.join(scratch, 'node_modules/@dl/tensor');
    const copy = path.join(scratch, 'copies/same/node_modules/@dl/tensor');
    const other = path.join(scratch, 'copies/other/node_modules/@dl/tensor');
    cpSync(installed, copy, { recursive: true });
    cpSync(installed, other, { recursive: true });
    // Make the second copy claim another version, as a stale nested install would.
    const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
    const declaration = `var version = "${version}"`;
    const chunks = readdirSync(path.join(other, 'dist')).filter((file) => file.endsWith('.js'));
    const patched = chunks.filter((file) => {
      const source = readFileSync(path.join(other, 'dist', file), 'utf8');
      if (!source.includes(declaration)) return false;
      writeFileSync(path.join(other, 'dist', file), source.replace(declaration, `var version = "${version}-other"`));
      return true;
    });
    expect(patched, `no dist chunk of @dl/tensor declares ${declaration}`).toHaveLength(1);
    writeFileSync(path.join(scratch, 'two-copies.js'), fixture('two-copies.js'));
    const result = runNode('two-copies.js');
    const escaped = version.replaceAll('.', '\\.');
    const { mismatch, ...shared } = result as { mismatch?: { name: string; isInstance: boolean; message: string } };
    expect(shared).toEqual({ distinctCopies: true, sameStream: true, sharedBackends: true, sharedThreads: true });
    expect(mismatch?.name).toBe('VersionMismatchError');
    expect(mismatch?.isInstance).toBe(true);
    expect(mismatch?.message).toMatch(new RegExp(`^@dl/tensor: version ${escaped}-other loaded while version ${escaped} is already loaded`));
  });
});
