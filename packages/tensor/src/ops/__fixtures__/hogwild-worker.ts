// A worker for shared-memory.test.ts: rebuilds the posted view with fromDescription and updates
// it in place with @dl ops, as a Hogwild trainer would; the test's thread sees the update.
import { parentPort, workerData } from 'node:worker_threads';
import { fromDescription, setNumThreads, sub_, type SharedDescription } from '../../index.js';

setNumThreads(1);
const weights = fromDescription(workerData as SharedDescription);
sub_(weights, 0.5);
parentPort?.postMessage('updated');
