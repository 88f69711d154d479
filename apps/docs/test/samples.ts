// Pulls the ```ts blocks out of the guides so a test can run each one: the docs cannot rot.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One code block of one page. */
export interface Sample {
  /** `guide/tensors.md#2`: the page and the block's 1-based position in it. */
  readonly id: string;
  readonly code: string;
}

/** The ```ts blocks of a markdown text, in order. */
export function extractSamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/** Every ```ts block of the markdown pages under `root/dirs`, and of the `files` named. */
export function collectSamples(root: string, dirs: readonly string[], files: readonly string[] = []): Sample[] {
  const pages = [
    ...dirs.flatMap((dir) =>
      readdirSync(join(root, dir))
        .filter((file) => file.endsWith('.md'))
        .sort()
        .map((file) => `${dir}/${file}`),
    ),
    ...files,
  ];
  return pages.flatMap((page) =>
    extractSamples(readFileSync(join(root, page), 'utf8')).map((code, k) => ({ id: `${page.replace(/^(\.\.\/)+/, '')}#${k + 1}`, code })),
  );
}
