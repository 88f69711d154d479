import { fileURLToPath } from 'node:url';

/**
 * Path of a file in the team's shared data folder, which sits beside the repository
 * (`<repo>/../shared/data`) on development machines and in CI.
 */
export function sharedData(name: string): string {
  return fileURLToPath(new URL(`../../../../../shared/data/${name}`, import.meta.url));
}
