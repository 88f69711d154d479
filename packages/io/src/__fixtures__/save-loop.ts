// Child process of the atomic-write test: saves version 1, 2, 3... of a large file in a loop,
// printing each version once its save has returned, until the test kills it.
import { full } from '@dl/tensor';
import { saveFile } from '../index.js';

const [path = '', size = '0'] = process.argv.slice(2);
for (let version = 1; ; version++) {
  await saveFile({ weight: full([Number(size)], version), version: full([1], version, { dtype: 'int32' }) }, path, { metadata: { version: String(version) } });
  process.stdout.write(`${version}\n`);
}
