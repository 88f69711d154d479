// The team's shared data folder (<repo>/../shared/data), as @dl/io's tests find it: a clone on a
// machine without the folder skips these tests; CI always has the folder, so there it must exist.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const folder = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

/** Path of a file in the shared data folder. */
export const sharedData = (name: string): string => `${folder}${name}`;

const available = existsSync(folder) || process.env.CI !== undefined;

/** `describe` for tests that read the shared data folder. */
export const describeWithSharedData = describe.skipIf(!available);
/** `it` for tests that read the shared data folder. */
export const itWithSharedData = it.skipIf(!available);
