// Trains the MLP off the main thread: a few steps, then one frame (loss, decision map) to the page.
import { MlpRun } from './mlp.js';
import type { FromWorker, ToWorker } from './mlp-protocol.js';

const STEPS_PER_FRAME = 5;
const GRID = 48;

let run: MlpRun | undefined;
let running = false;
let lastLoss = Number.NaN;

const post = (message: FromWorker): void => {
  postMessage(message);
};

function frame(): void {
  if (!run) return;
  post({ type: 'frame', step: run.step, loss: lastLoss, gridSize: GRID, probabilities: run.probabilities(GRID), points: run.points });
}

function loop(): void {
  if (!running || !run) return;
  lastLoss = run.train(STEPS_PER_FRAME);
  frame();
  // A macrotask between frames lets 'pause' and 'learningRate' messages in.
  setTimeout(loop, 0);
}

onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'reset':
      running = false;
      run = new MlpRun(message.settings);
      lastLoss = Number.NaN;
      frame();
      break;
    case 'start':
      if (!running) {
        running = true;
        loop();
      }
      break;
    case 'pause':
      running = false;
      break;
    case 'learningRate':
      run?.setLearningRate(message.value);
      break;
  }
};

post({ type: 'ready' });
