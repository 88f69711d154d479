import { loadDigits, trainMlp, trainCnn } from './digits.js';
const d = await loadDigits();
const which = process.argv[2] ?? 'mlp';
const lr = Number(process.argv[3]);
const epochs = Number(process.argv[4]);
const batchSize = Number(process.argv[5] ?? 32);
for (const seed of [0, 1, 2]) {
  const r = (which === 'mlp' ? trainMlp : trainCnn)(d, { seed, epochs, lr, batchSize });
  console.log(which, lr, epochs, batchSize, seed, r.epochs.map((e) => e.testAccuracy.toFixed(3)).join(' '), r.trainSeconds.toFixed(1), r.totalSeconds.toFixed(1));
}
