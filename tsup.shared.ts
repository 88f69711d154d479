// The build every published package shares: ESM for the `.` and `./testing` entries, and one .d.ts
// per source file beside them.
import { defineConfig } from 'tsup';
import ts from 'typescript';

/**
 * NOTE: declarations are emitted per file by tsc instead of rolled up by tsup's `dts: true`
 * (rollup-plugin-dts). The roll-up kept `declare module './ndarray.js'` augmentations pointing at
 * files it had merged away, and turns `import * as ops` into `declare const ops_add: typeof add`
 * aliases that drop every doc comment, so methods typed from their op modules (methods.ts) lost
 * their docs. Per-file output mirrors src/, so both resolve as they do in the repo. Sibling packages
 * resolve to their src through `@dl/source`, as in typecheck (their `@internal` members, such as
 * Tensor's constructor, which nn's Parameter calls, are stripped only from their own output).
 */
function emitDeclarations(): void {
  const directory = process.cwd();
  const configPath = ts.findConfigFile(directory, (file) => ts.sys.fileExists(file), 'tsconfig.json');
  if (configPath === undefined) throw new Error(`tsup: no tsconfig.json in ${directory}`);
  const { config } = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file)) as { config: unknown };
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, directory);
  const program = ts.createProgram(['src/index.ts', 'src/testing/index.ts'], {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: 'src',
    outDir: 'dist',
  });
  const result = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => directory, getNewLine: () => '\n' };
    throw new Error(ts.formatDiagnostics(diagnostics, host));
  }
}

export default defineConfig({
  entry: ['src/index.ts', 'src/testing/index.ts'],
  format: ['esm'],
  sourcemap: true,
  // NOTE: the maps name src/ lines without embedding the sources (src/ is not published): with the
  // sources inlined, maps were 60% of @dl/tensor's tarball and pushed it past its 200 kB budget.
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
  target: 'es2022',
  clean: true,
  onSuccess: async () => {
    emitDeclarations();
    await Promise.resolve();
  },
});
