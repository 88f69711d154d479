// Run in a child process by pool.test.ts: uses the pool and never shuts it down. The process
// must still exit on its own, because workers are unref'd.
// The product is made inside tidy, so it is resident and workers write it in place.
import { matmul, randn, setNumThreads, threadsReady, tidy } from '../../index.js';

setNumThreads(2);
const threads = await threadsReady();
const product = tidy(() => matmul(randn([256, 256]), randn([256, 256])));
process.stdout.write(`${JSON.stringify({ threads, shape: product.shape })}\n`);
