// Packs and installs once for every test file (packing takes most of the suite's time): the
// files read the scratch project's path and the tarballs with `inject`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { installScratch, packAll, type Tarball } from './scratch.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The scratch npm project with every tarball installed. */
    scratch: string;
    tarballs: Tarball[];
  }
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(path.join(tmpdir(), 'dl-tarballs-'));
  const tarballs = packAll(work);
  const scratch = installScratch(tarballs);
  project.provide('scratch', scratch);
  project.provide('tarballs', tarballs);
  return () => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  };
}
