// @ts-check
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import turbo from 'eslint-plugin-turbo';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// STYLE §1: which @dl packages each package may import. tools/layering checks package.json too.
/** @type {{ allowed: Record<string, string[]> }} */
const layers = JSON.parse(
  readFileSync(new URL('tools/layering/layers.json', import.meta.url), 'utf8'),
);

const deepImports = {
  regex: '^@dl/[^/]+/src(/|$)',
  message: "Deep imports are banned: use '@dl/<pkg>' or '@dl/<pkg>/testing' (STYLE §6).",
};

const layering = Object.entries(layers.allowed).map(([layer, allowed]) => ({
  name: `dl/layering/${layer}`,
  files: [`packages/${layer}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          deepImports,
          {
            // Anything under @dl/ (other packages, apps) except the allowed ones and this package itself.
            regex: `^@dl/(?!(${[...allowed, layer].join('|')})(/|$))`,
            message: allowed.length
              ? `@dl/${layer} may import only ${allowed.map((name) => `@dl/${name}`).join(', ')} (STYLE §1).`
              : `@dl/${layer} is the bottom layer and may not import other @dl packages (STYLE §1).`,
          },
        ],
      },
    ],
  },
}));

export default defineConfig(
  // .blocks: README examples written by tools/readme-check's test while lint may be running.
  { ignores: ['**/dist/**', '**/coverage/**', '**/.turbo/**', '**/.blocks/**'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { turbo },
    rules: {
      // Type imports must be erasable; pairs with verbatimModuleSyntax.
      '@typescript-eslint/consistent-type-imports': 'error',
      // Use unknown and narrow.
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: 'error',
      'prefer-const': 'error',
      // Env vars that turbo does not hash make cached results lie.
      'turbo/no-undeclared-env-vars': 'error',
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
      // Error messages print shapes, dims and sizes: numbers in templates are the point.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Plain JS files (configs, consumer fixtures) are not in any tsconfig.
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The public API must be stated, not inferred.
    files: ['**/src/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'error' },
  },
  {
    // Library code reports through return values and errors; apps and tooling may print.
    files: ['packages/**'],
    ignores: ['packages/*/examples/**', 'packages/*/bench/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // Kernels are hot loops: indexed for-loops over TypedArrays keep V8 on its fastest path.
    files: ['packages/*/src/kernels/**'],
    rules: { '@typescript-eslint/prefer-for-of': 'off' },
  },
  ...layering,
  {
    files: ['**/*.test.ts', '**/*.test-d.ts', '**/*.bench.ts'],
    extends: [vitest.configs.recommended],
    rules: {
      // STYLE §7: `it`, never `test`.
      'vitest/consistent-test-it': ['error', { fn: 'it' }],
      // Tests index into results whose shape they just asserted.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests that need the shared data folder use these wrappers of `it`.
      'vitest/no-standalone-expect': ['error', { additionalTestBlockFunctions: ['itWithSharedData'] }],
      // Type tests assert with expectTypeOf.
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expectTypeOf', 'expectClose', 'gradcheck', 'checkOp'] }],
    },
  },
  prettier,
);
