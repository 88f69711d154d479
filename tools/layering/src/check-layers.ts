import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import layers from '../layers.json';

/** Package directories from the bottom layer up; each may use only those to its left (STYLE §1). */
export const LAYERS: readonly string[] = layers.order;

/** The `@dl` packages each package may use (a subset of those to its left). */
export const ALLOWED: Readonly<Record<string, readonly string[] | undefined>> = layers.allowed;

/** Subpaths a package may be imported through; everything else (e.g. `@dl/x/src/y`) is a deep import. */
const PUBLIC_SUBPATHS = new Set(['', 'testing', 'package.json']);

/** Directories inside a package whose TypeScript files are scanned for imports. */
const CODE_DIRS = ['src', 'test', 'bench', 'examples'];

/** One import found in a package: the file (relative to the package) and the module specifier. */
export interface ImportSite {
  file: string;
  specifier: string;
}

/** What the checker needs to know about one directory under `packages/`. */
export interface PackageInfo {
  dir: string;
  name: string;
  /** Names from `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`. */
  dependencies: string[];
  imports: ImportSite[];
}

/** The packages under `packages/` and the names of the apps under `apps/`. */
export interface Workspace {
  packages: PackageInfo[];
  apps: string[];
}

const ORDER = LAYERS.join(' ← ');

const layerOf = (name: string): number => LAYERS.findIndex((layer) => name === `@dl/${layer}`);

/** Why `pkg` may not use the workspace package `target`, or undefined if it may. */
const forbidden = (pkg: PackageInfo, own: number, target: string): string | undefined => {
  const index = layerOf(target);
  if (index === -1 || index === own) return undefined;
  if (index > own) return `${target}, which is not to the left of ${pkg.name} (${ORDER})`;
  const allowed = ALLOWED[pkg.dir] ?? [];
  if (allowed.some((layer) => target === `@dl/${layer}`)) return undefined;
  const list = allowed.map((layer) => `@dl/${layer}`).join(', ');
  return `${target}; ${pkg.name} may use only ${list || 'no @dl packages'} (tools/layering/layers.json)`;
};

/** Splits `@scope/name/sub/path` or `name/sub/path` into the package name and the subpath. */
const splitSpecifier = (specifier: string): { name: string; subpath: string } => {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, length).join('/'), subpath: parts.slice(length).join('/') };
};

/**
 * Returns one message per layering violation in the workspace; an empty list means it is clean.
 *
 * @example
 * checkLayers(loadWorkspace(repoRoot)); // []
 */
export function checkLayers(workspace: Workspace): string[] {
  const problems: string[] = [];
  const apps = new Set(workspace.apps);
  for (const pkg of workspace.packages) {
    const own = LAYERS.findIndex((layer) => layer === pkg.dir);
    const where = `packages/${pkg.dir}`;
    if (own === -1) {
      problems.push(
        `${where}: not in the layer order (${ORDER})\nhint: add it to LAYERS in tools/layering`,
      );
      continue;
    }
    if (pkg.name !== `@dl/${pkg.dir}`) {
      problems.push(`${where}: package is named ${pkg.name}, expected @dl/${pkg.dir}`);
    }
    for (const dependency of pkg.dependencies) {
      if (apps.has(dependency)) {
        problems.push(
          `${where}/package.json: depends on the app ${dependency}; packages never use apps`,
        );
      } else {
        const reason = forbidden(pkg, own, dependency);
        if (reason) problems.push(`${where}/package.json: depends on ${reason}`);
      }
    }
    for (const { file, specifier } of pkg.imports) {
      const site = `${where}/${file}`;
      if (specifier.startsWith('.')) {
        const target = path.posix.join(path.posix.dirname(file), specifier);
        if (target.startsWith('../')) {
          problems.push(
            `${site}: relative import '${specifier}' leaves the package; import the package by name`,
          );
        }
        continue;
      }
      const { name, subpath } = splitSpecifier(specifier);
      if (apps.has(name)) {
        problems.push(`${site}: imports the app ${name}; packages never use apps`);
        continue;
      }
      const target = layerOf(name);
      if (target === -1) continue;
      if (!PUBLIC_SUBPATHS.has(subpath)) {
        problems.push(`${site}: deep import '${specifier}'; use '${name}' or '${name}/testing'`);
      }
      const reason = forbidden(pkg, own, name);
      if (reason) {
        problems.push(`${site}: imports ${reason}`);
      } else if (target !== own && !pkg.dependencies.includes(name)) {
        problems.push(`${site}: imports ${name}, which ${where}/package.json does not declare`);
      }
    }
  }
  return problems;
}

const listCodeFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.[cm]?tsx?$/.test(file) && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(dir, file));

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

const subdirectoriesWithPackageJson = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir).filter((entry) => existsSync(path.join(dir, entry, 'package.json')))
    : [];

/**
 * Reads `packages/*` (manifests and every import in their code directories) and `apps/*` (names).
 *
 * @example
 * const workspace = loadWorkspace(fileURLToPath(new URL('../../..', import.meta.url)));
 */
export function loadWorkspace(root: string): Workspace {
  const packages = subdirectoriesWithPackageJson(path.join(root, 'packages')).map((dir) => {
    const packageDir = path.join(root, 'packages', dir);
    const manifest = readJson(path.join(packageDir, 'package.json'));
    const dependencies = [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ].flatMap((field) => Object.keys((manifest[field] ?? {}) as Record<string, string>));
    const imports = CODE_DIRS.map((codeDir) => path.join(packageDir, codeDir))
      .filter((codeDir) => existsSync(codeDir) && statSync(codeDir).isDirectory())
      .flatMap(listCodeFiles)
      .flatMap((file) =>
        ts
          .preProcessFile(readFileSync(file, 'utf8'), true, true)
          .importedFiles.map(({ fileName }) => ({
            file: path.relative(packageDir, file).split(path.sep).join('/'),
            specifier: fileName,
          })),
      );
    return { dir, name: String(manifest.name), dependencies, imports };
  });
  const apps = subdirectoriesWithPackageJson(path.join(root, 'apps')).map((dir) =>
    String(readJson(path.join(root, 'apps', dir, 'package.json')).name),
  );
  return { packages, apps };
}
