import { loadDigits } from './digits.js';
import type { Subset } from '@dl/io';
import { writeFileSync } from 'node:fs';
const d = await loadDigits();
writeFileSync('/tmp/split.json', JSON.stringify({ train: (d.train as Subset<unknown>).indices, test: (d.test as Subset<unknown>).indices }));
