import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const folder = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

/**
 * Path of a file in the team's shared data folder, which sits beside the repository
 * (`<repo>/../shared/data`) on development machines and in CI.
 */
export function sharedData(name: string): string {
  return `${folder}${name}`;
}

// A clone on a machine without the shared folder skips these tests; CI always has the folder,
// so there a missing folder fails the tests instead of skipping them.
const available = existsSync(folder) || process.env.CI !== undefined;

/** `describe` for tests that read the shared data folder. */
export const describeWithSharedData = describe.skipIf(!available);
/** `it` for tests that read the shared data folder. */
export const itWithSharedData = it.skipIf(!available);
/** True when tests that read the shared data folder run. */
export const sharedDataAvailable = available;
