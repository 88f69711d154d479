// A short tour of training with @dl: an MLP learns the 8×8 handwritten digits in a few seconds.
// Run with `pnpm --filter @dl/examples demo`.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { argmax, noGrad, softmax, tensor } from '@dl/autograd';
import { stack } from '@dl/tensor';
import { History, imageGrid } from '@dl/viz';
import { saveHtml, savePng, saveSvg } from '@dl/viz/node';
import { loadDigits, trainMlp } from './digits.js';

/** Where the pictures go: apps/examples/out/demo/ (git-ignored). */
const OUT = fileURLToPath(new URL('../out/demo/', import.meta.url));

/** Grey levels 0..1 from light to dark, two characters per pixel so the digits look square. */
const SHADES = ['  ', '░░', '▒▒', '▓▓', '██'];

const shade = (value: number): string => SHADES[Math.min(SHADES.length - 1, Math.round(value * (SHADES.length - 1)))] ?? '  ';

const digits = await loadDigits();
console.log(`@dl demo: ${digits.train.length} training and ${digits.test.length} test digits (8x8 grey levels)`);
console.log('model: Linear(64, 128) → ReLU → Linear(128, 10); Adam, cosine lr, cross-entropy\n');

const history = new History();
const result = trainMlp(digits, {
  seed: 0,
  onEpoch: ({ epoch, loss, testAccuracy, seconds }) => {
    history.log(epoch, { 'train/loss': loss, 'test/accuracy': testAccuracy });
    const bar = '█'.repeat(Math.round(testAccuracy * 30)).padEnd(30, '·');
    console.log(`epoch ${String(epoch).padStart(2)}  loss ${loss.toFixed(3)}  ${bar} ${(100 * testAccuracy).toFixed(1)}%  (${(seconds * 1000).toFixed(0)} ms)`);
  },
});
console.log(`\ntest accuracy ${(100 * result.testAccuracy).toFixed(2)}% in ${result.trainSeconds.toFixed(1)} s of training\n`);

// A few test digits side by side with what the model makes of them, and its first mistake.
const examples = Array.from({ length: digits.test.length }, (_, i) => digits.test.get(i));
const images = stack(examples.map(([image]) => image));
const labels = examples.map(([, label]) => label.item());
const { predictions, probabilities } = noGrad(() => {
  result.model.eval();
  const logits = result.model.call(tensor(images));
  return { predictions: Array.from(argmax(logits, 1).data.dataSync()), probabilities: softmax(logits, 1).data.dataSync() };
});
const mistake = predictions.findIndex((prediction, i) => prediction !== labels[i]);
const shown = [0, 1, 2, 3, 4, ...(mistake >= 0 ? [mistake] : [5])];
const pixels = images.dataSync();
const column = (text: string): string => text.padEnd(16 + 3);
for (let row = 0; row < 8; row++) {
  console.log(shown.map((i) => column(Array.from({ length: 8 }, (_, col) => shade(pixels[i * 64 + row * 8 + col] ?? 0)).join(''))).join(''));
}
console.log(shown.map((i) => column(`true ${labels[i]} → ${predictions[i]}${predictions[i] === labels[i] ? ' ✓' : ' ✗'}`)).join(''));
console.log(shown.map((i) => column(`(${(100 * (probabilities[i * 10 + (predictions[i] ?? 0)] ?? 0)).toFixed(0)}% sure)`)).join(''));

// The same run as pictures: the loss and accuracy curves, and a grid of test digits with predictions.
const curves = history.plot({ title: 'digits MLP', xTitle: 'epoch' });
const grid = imageGrid(stack(Array.from({ length: 40 }, (_, i) => images.narrow(0, i, 1).reshape([8, 8]))), {
  columns: 10,
  pixelSize: 6,
  captions: Array.from({ length: 40 }, (_, i) => (predictions[i] === labels[i] ? `${predictions[i]} ✓` : `${predictions[i]} ✗ (${labels[i]})`)),
  title: 'test digits: prediction ✓, or ✗ (true label)',
});
const written = [
  await savePng(curves, `${OUT}loss.png`),
  await saveSvg(curves, `${OUT}loss.svg`),
  await saveHtml(curves, `${OUT}loss.html`),
  await savePng(grid, `${OUT}predictions.png`),
  await saveSvg(grid, `${OUT}predictions.svg`),
];
await writeFile(`${OUT}history.csv`, history.toCSV());
console.log(`\npictures of this run (open the .html in a browser to zoom and hover):\n${[...written, `${OUT}history.csv`].map((path) => `  ${path}`).join('\n')}`);
