// Packs the workspace's published packages and installs the tarballs into a scratch project outside
// the workspace, as a user's `npm install` would: no '@dl/source' condition, no workspace links.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository root (this file is tools/consumer/src/scratch.ts). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** One packed package: its name, tarball and sizes in bytes. */
export interface Tarball {
  name: string;
  file: string;
  packed: number;
  unpacked: number;
  files: string[];
}

/** The environment for child processes: no npm/pnpm settings or Node options leak in from the runner. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|NODE_OPTIONS$|VITEST|TURBO_)/i.test(key)) continue;
    env[key] = value;
  }
  // npm sits next to the node binary; the runner's PATH may not have it first.
  env.PATH = [path.dirname(process.execPath), env.PATH].filter(Boolean).join(path.delimiter);
  return env;
}

/** Runs a command and returns its stdout; on failure the error carries stdout and stderr. */
export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** The directories under packages/ whose package.json is not private. */
export function publishedPackages(): { dir: string; name: string; version: string }[] {
  const root = path.join(repoRoot, 'packages');
  return readdirSync(root)
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
        private?: boolean;
      };
      return { dir: path.join(root, dir), name: manifest.name, version: manifest.version, private: manifest.private };
    })
    .filter((pkg) => pkg.private !== true);
}

/** Names and sizes of the files in a .tgz (a gzipped ustar archive). */
export function listTarball(file: string): { files: string[]; unpacked: number } {
  const tar = gunzipSync(readFileSync(file));
  const files: string[] = [];
  let unpacked = 0;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]);
    if (type === '0' || type === '\0') {
      files.push(name.replace(/^package\//, ''));
      unpacked += size;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return { files, unpacked };
}

/** `pnpm pack`s every published package into `dest` (pnpm turns workspace: ranges into versions). */
export function packAll(dest: string): Tarball[] {
  mkdirSync(dest, { recursive: true });
  // Inside `pnpm run`, npm_execpath is the pnpm that runs us; outside, pnpm must be on PATH.
  // eslint-disable-next-line turbo/no-undeclared-env-vars -- set by pnpm itself, not an input
  const execPath = process.env.npm_execpath;
  const [command, ...prefix] =
    execPath && path.basename(execPath).includes('pnpm') ? [process.execPath, execPath] : ['pnpm'];
  return publishedPackages().map(({ dir, name, version }) => {
    run(command, [...prefix, 'pack', '--pack-destination', dest], dir);
    const file = path.join(dest, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
    const { files, unpacked } = listTarball(file);
    return { name, file, packed: statSync(file).size, unpacked, files };
  });
}

/** A fresh project under the OS temp dir with the tarballs installed by npm, offline. */
export function installScratch(tarballs: Tarball[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-consumer-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'dl-consumer', private: true, type: 'module' }, null, 2),
  );
  const files = tarballs.map((tarball) => tarball.file);
  const install = (flags: string[]): string =>
    run('npm', ['install', ...flags, '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', ...files], dir);
  // The tarballs have no registry dependencies, but npm still reads the packuments of the
  // optional peers (vitest, fast-check) to check their ranges: from its cache when it can, so
  // only a first run on a machine touches the network.
  try {
    // Short fetch limits: a machine whose firewall drops packets should fall back, not hang.
    install(['--prefer-offline', '--fetch-timeout=20000', '--fetch-retries=1']);
  } catch (error) {
    // Fully offline with a cold cache: skip the optional peers' range check. The @dl peers are
    // all among the tarballs, so the install is the same.
    console.warn(`npm install --prefer-offline failed; retrying offline without peer checks\n${String(error)}`);
    try {
      install(['--offline', '--legacy-peer-deps']);
    } catch (retryError) {
      rmSync(dir, { recursive: true, force: true });
      throw retryError;
    }
  }
  return dir;
}
