// Trains the digits MLP and/or CNN and prints each epoch:
//   pnpm --filter @dl/examples digits -- --model cnn --epochs 12 --seed 1
import { parseArgs } from 'node:util';
import { DIGITS_PATH, loadDigits, trainCnn, trainMlp, type EpochStats, type TrainOptions } from './digits.js';

const USAGE = `usage: digits [--model mlp|cnn|both] [--epochs N] [--batch-size N] [--lr X] [--seed N] [--data PATH]
defaults: both models, each with its own tuned epochs, batch size and lr; seed 0; data ${DIGITS_PATH}`;

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'both' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    lr: { type: 'string' },
    seed: { type: 'string', default: '0' },
    data: { type: 'string', default: DIGITS_PATH },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/** `text` as a number, or undefined when absent; exits with the usage on anything else. */
function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    console.error(`digits: --${name} must be a number, got ${JSON.stringify(text)}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const models = values.model === 'both' ? ['mlp', 'cnn'] : [values.model];
if (!models.every((model) => model === 'mlp' || model === 'cnn')) {
  console.error(`digits: --model must be mlp, cnn or both, got ${JSON.stringify(values.model)}\n${USAGE}`);
  process.exit(2);
}

const printEpoch = ({ epoch, loss, testAccuracy, seconds }: EpochStats): void => {
  const accuracy = (100 * testAccuracy).toFixed(2).padStart(6);
  console.log(`  epoch ${String(epoch).padStart(2)}  loss ${loss.toFixed(4)}  test accuracy ${accuracy}%  ${seconds.toFixed(2)} s`);
};

const options: TrainOptions = {
  epochs: numberOption('epochs', values.epochs),
  batchSize: numberOption('batch-size', values['batch-size']),
  lr: numberOption('lr', values.lr),
  seed: numberOption('seed', values.seed),
  onEpoch: printEpoch,
};

const digits = await loadDigits({ path: values.data });
console.log(`digits: ${digits.train.length} training and ${digits.test.length} test images of 8x8 pixels`);
for (const model of models) {
  console.log(`\n${model.toUpperCase()}`);
  const result = (model === 'mlp' ? trainMlp : trainCnn)(digits, options);
  console.log(
    `${model}: test accuracy ${(100 * result.testAccuracy).toFixed(2)}% after ${result.epochs.length} epochs; ` +
      `training ${result.trainSeconds.toFixed(1)} s, with evaluation ${result.totalSeconds.toFixed(1)} s`,
  );
}
