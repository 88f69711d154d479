import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALLOWED,
  checkLayers,
  LAYERS,
  loadWorkspace,
  type PackageInfo,
  type Workspace,
} from './check-layers.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const pkg = (dir: string, overrides: Partial<PackageInfo> = {}): PackageInfo => ({
  dir,
  name: `@dl/${dir}`,
  dependencies: [],
  imports: [],
  ...overrides,
});

const check = (...packages: PackageInfo[]): string[] =>
  checkLayers({ packages, apps: ['@dl/word2vec'] } satisfies Workspace);

describe('ALLOWED', () => {
  it('lists, for every layer, only layers to its left', () => {
    expect(Object.keys(ALLOWED)).toEqual([...LAYERS]);
    LAYERS.forEach((layer, index) => {
      for (const used of ALLOWED[layer] ?? []) {
        expect(LAYERS.indexOf(used), `${layer} → ${used}`).toBeLessThan(index);
        expect(LAYERS.indexOf(used), `${layer} → ${used}`).toBeGreaterThanOrEqual(0);
      }
    });
  });
});

describe('checkLayers', () => {
  it('finds no violations in this repository', () => {
    const workspace = loadWorkspace(repoRoot);
    expect(workspace.packages.map((p) => p.dir).sort()).toEqual([
      'autograd',
      'io',
      'nn',
      'optim',
      'tensor',
      'viz',
    ]);
    expect(checkLayers(workspace)).toEqual([]);
  });

  it('accepts imports of declared packages to the left, including /testing', () => {
    const optim = pkg('optim', {
      dependencies: ['@dl/tensor', '@dl/autograd'],
      imports: [
        { file: 'src/sgd.ts', specifier: '@dl/autograd' },
        { file: 'src/sgd.test.ts', specifier: '@dl/tensor/testing' },
        { file: 'src/sgd.ts', specifier: './optimizer.js' },
        { file: 'src/sgd.ts', specifier: 'node:fs' },
      ],
    });
    expect(check(optim)).toEqual([]);
  });

  it('rejects an import of a package to the right (nn → optim)', () => {
    const nn = pkg('nn', {
      dependencies: ['@dl/optim'],
      imports: [{ file: 'src/module.ts', specifier: '@dl/optim' }],
    });
    expect(check(nn)).toEqual([
      'packages/nn/package.json: depends on @dl/optim, which is not to the left of @dl/nn (tensor ← autograd ← nn ← optim ← io ← viz)',
      'packages/nn/src/module.ts: imports @dl/optim, which is not to the left of @dl/nn (tensor ← autograd ← nn ← optim ← io ← viz)',
    ]);
  });

  it('rejects optim → nn although nn is to its left: optimizers take tensors, not Modules', () => {
    const optim = pkg('optim', {
      dependencies: ['@dl/nn'],
      imports: [{ file: 'src/sgd.ts', specifier: '@dl/nn' }],
    });
    expect(check(optim)).toEqual([
      'packages/optim/package.json: depends on @dl/nn; @dl/optim may use only @dl/tensor, @dl/autograd (tools/layering/layers.json)',
      'packages/optim/src/sgd.ts: imports @dl/nn; @dl/optim may use only @dl/tensor, @dl/autograd (tools/layering/layers.json)',
    ]);
  });

  it('rejects a dependency to the right even when nothing imports it', () => {
    expect(check(pkg('tensor', { dependencies: ['@dl/autograd'] }))).toEqual([
      expect.stringMatching(/^packages\/tensor\/package.json: depends on @dl\/autograd/),
    ]);
  });

  it('rejects deep imports into another package', () => {
    const nn = pkg('nn', {
      dependencies: ['@dl/tensor'],
      imports: [{ file: 'src/linear.ts', specifier: '@dl/tensor/src/ops/matmul.js' }],
    });
    expect(check(nn)).toEqual([
      "packages/nn/src/linear.ts: deep import '@dl/tensor/src/ops/matmul.js'; use '@dl/tensor' or '@dl/tensor/testing'",
    ]);
  });

  it('rejects relative imports that leave the package', () => {
    const nn = pkg('nn', {
      imports: [{ file: 'src/layers/linear.ts', specifier: '../../../autograd/src/index.js' }],
    });
    expect(check(nn)).toEqual([
      expect.stringContaining(
        "relative import '../../../autograd/src/index.js' leaves the package",
      ),
    ]);
  });

  it('rejects imports of and dependencies on apps', () => {
    const viz = pkg('viz', {
      dependencies: ['@dl/word2vec'],
      imports: [{ file: 'src/plot/line.ts', specifier: '@dl/word2vec' }],
    });
    expect(check(viz)).toEqual([
      'packages/viz/package.json: depends on the app @dl/word2vec; packages never use apps',
      'packages/viz/src/plot/line.ts: imports the app @dl/word2vec; packages never use apps',
    ]);
  });

  it('rejects imports of a package to the left that package.json does not declare', () => {
    const nn = pkg('nn', { imports: [{ file: 'src/module.ts', specifier: '@dl/autograd' }] });
    expect(check(nn)).toEqual([
      'packages/nn/src/module.ts: imports @dl/autograd, which packages/nn/package.json does not declare',
    ]);
  });

  it('rejects packages missing from the layer order or misnamed', () => {
    expect(check(pkg('extra'), pkg('io', { name: '@dl/input' }))).toEqual([
      expect.stringMatching(/^packages\/extra: not in the layer order/),
      'packages/io: package is named @dl/input, expected @dl/io',
    ]);
  });
});

describe('loadWorkspace', () => {
  let root = '';
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it('collects static, type-only, re-export and dynamic imports from src and test', () => {
    root = mkdtempSync(path.join(tmpdir(), 'layering-'));
    write(
      'packages/nn/package.json',
      JSON.stringify({ name: '@dl/nn', devDependencies: { '@dl/tensor': 'workspace:^' } }),
    );
    write(
      'packages/nn/src/layers/linear.ts',
      [
        "import { matmul } from '@dl/autograd';",
        "import type { Shape } from '@dl/tensor';",
        "export { relu } from './relu.js';",
        "const lazy = () => import('@dl/optim');",
      ].join('\n'),
    );
    write('packages/nn/test/smoke.test.ts', "import '@dl/viz';");
    write('packages/nn/dist/index.js', "import '@dl/io';");
    write('apps/word2vec/package.json', JSON.stringify({ name: '@dl/word2vec' }));

    const workspace = loadWorkspace(root);
    expect(workspace).toEqual({
      apps: ['@dl/word2vec'],
      packages: [
        {
          dir: 'nn',
          name: '@dl/nn',
          dependencies: ['@dl/tensor'],
          imports: expect.arrayContaining([
            { file: 'src/layers/linear.ts', specifier: '@dl/autograd' },
            { file: 'src/layers/linear.ts', specifier: '@dl/tensor' },
            { file: 'src/layers/linear.ts', specifier: './relu.js' },
            { file: 'src/layers/linear.ts', specifier: '@dl/optim' },
            { file: 'test/smoke.test.ts', specifier: '@dl/viz' },
          ]) as unknown,
        },
      ],
    });
    expect(workspace.packages[0]?.imports).toHaveLength(5);
    expect(checkLayers(workspace)).toHaveLength(3);
  });
});
