// Writes the @dl/viz gallery (SVG, PNG, HTML) to packages/viz/gallery/: `pnpm --filter @dl/viz examples`.
// Data: the shared digits and Brown corpus files (<repo>/../shared/data), as the other examples use.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { argmax, noGrad, tensor, type Tensor } from '@dl/autograd';
import { loadDigits, DataLoader, TensorDataset, randomSplit } from '@dl/io';
import { CrossEntropyLoss, Linear, ReLU, Sequential } from '@dl/nn';
import { Adam, CosineAnnealingLR } from '@dl/optim';
import { div, Generator, manualSeed, stack, type NDArray } from '@dl/tensor';
import {
  confusionMatrix, drawGraph, embeddingMap, heatmap, histogram, History, imageGrid, pca, projectorFiles, summary, summaryFigure,
  tsne, type Figure,
} from '../src/index.js';
import { saveHtml, savePng, saveSvg } from '../src/node/index.js';
import { writeFile } from 'node:fs/promises';
import { wordVectors } from './words.js';

const OUT = fileURLToPath(new URL('../gallery/', import.meta.url));
const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

async function save(name: string, figure: Figure, options: { html?: boolean } = {}): Promise<void> {
  await saveSvg(figure, `${OUT}${name}.svg`);
  await savePng(figure, `${OUT}${name}.png`);
  if (options.html === true) await saveHtml(figure, `${OUT}${name}.html`);
  console.log(`  ${name}.svg, ${name}.png${options.html === true ? `, ${name}.html` : ''}`);
}

console.log(`@dl/viz gallery → ${OUT}`);

// 1. The graph of f = (x + y) · z, as torchviz draws it.
const x = tensor([1, 2, 3], { requiresGrad: true });
const y = tensor([4, 5, 6], { requiresGrad: true });
const z = tensor([7, 8, 9], { requiresGrad: true });
[x.name, y.name, z.name] = ['x', 'y', 'z'];
await save('graph-xyz', drawGraph(x.add(y).mul(z), { outputNames: ['f'] }), { html: true });

// 2-8. Digits: an MLP trained for a few seconds, with its History logged every step.
manualSeed(0);
const { features, labels } = await loadDigits(`${DATA}digits.csv.gz`);
const dataset = new TensorDataset(div(features, 16), labels);
const [train, test] = randomSplit(dataset, [0.8, 0.2], { generator: new Generator(0) });
const model = new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));

const batch = new DataLoader(train, { batchSize: 8 })[Symbol.iterator]().next().value as NDArray[];
const criterion = new CrossEntropyLoss();
const sampleLoss = criterion.call(model.call(tensor(batch[0])), batch[1]);
await save('graph-mlp', drawGraph(sampleLoss, { params: model.namedParameters(), outputNames: ['loss'] }), { html: true });

const info = summary(model, tensor(batch[0]));
console.log(String(info));
await save('summary', summaryFigure(info, { title: 'Sequential MLP for the 8×8 digits' }));

const testX = stack(Array.from({ length: test.length }, (_, i) => (test.get(i)[0])));
const testY = stack(Array.from({ length: test.length }, (_, i) => (test.get(i)[1])));
const evaluate = (): { loss: number; accuracy: number; predictions: NDArray } =>
  noGrad(() => {
    model.eval();
    const logits: Tensor = model.call(tensor(testX));
    const predictions = argmax(logits, 1).data;
    const right = Array.from(predictions.dataSync()).filter((p, i) => p === testY.dataSync()[i]).length;
    model.train();
    return { loss: criterion.call(logits, testY).item(), accuracy: right / test.length, predictions };
  });

const epochs = 12;
const loader = new DataLoader(train, { batchSize: 32, shuffle: true, seed: 0 });
const optimizer = new Adam(model.parameters(), { lr: 1e-2 });
const scheduler = new CosineAnnealingLR(optimizer, { tMax: epochs * loader.length });
const history = new History();
let step = 0;
for (let epoch = 1; epoch <= epochs; epoch++) {
  for (const [xb, yb] of loader) {
    const logits = model.call(tensor(xb));
    const loss = criterion.call(logits, yb);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    scheduler.step();
    const right = Array.from(argmax(logits, 1).data.dataSync()).filter((p, i) => p === (yb).dataSync()[i]).length;
    history.log(step++, { 'train/loss': loss.item(), 'train/accuracy': right / (yb).size });
  }
  const { loss, accuracy } = evaluate();
  history.log(step, { 'test/loss': loss, 'test/accuracy': accuracy });
}
const final = evaluate();
console.log(`  digits MLP: test accuracy ${(100 * final.accuracy).toFixed(1)}% after ${epochs} epochs (${step} steps)`);
await writeFile(`${OUT}history.json`, JSON.stringify(history));
await writeFile(`${OUT}history.csv`, history.toCSV());
await save('training', history.plot({ smoothing: 0.6, title: 'digits MLP: loss and accuracy' }), { html: true });

const truth = Array.from(testY.dataSync());
const predicted = Array.from(final.predictions.dataSync());
const shown = Array.from({ length: 30 }, (_, i) => i);
const wrong = predicted.map((p, i) => (p === truth[i] ? -1 : i)).filter((i) => i >= 0 && i >= 30).slice(0, 6);
const picks = [...shown.slice(0, 30 - wrong.length), ...wrong];
await save('digits', imageGrid(stack(picks.map((i) => testX.narrow(0, i, 1).reshape([8, 8]))), {
  columns: 10,
  pixelSize: 6,
  captions: picks.map((i) => (predicted[i] === truth[i] ? `${predicted[i]} ✓` : `${predicted[i]} ✗ (${truth[i]})`)),
  title: 'test digits: prediction ✓, or ✗ (true label)',
}));
await save('confusion', confusionMatrix(final.predictions, testY, { numClasses: 10, title: `digits test set (${(100 * final.accuracy).toFixed(1)}% right)` }));
const firstLayer = model.namedParameters().find(([name]) => name === '0.weight')?.[1];
if (firstLayer) {
  await save('weights', heatmap(firstLayer, { title: '0.weight: hidden unit × input pixel', xTitle: 'input pixel (row-major 8×8)', yTitle: 'hidden unit' }));
  await save('weights-histogram', histogram(firstLayer, { title: '0.weight values', xTitle: 'weight', bins: 40 }));
  await save('weights-as-images', imageGrid(firstLayer.data.reshape([32, 8, 8]), { columns: 8, pixelSize: 5, invert: false, title: 'each hidden unit\'s 64 input weights as an 8×8 image' }));
}

// 9. Word vectors (PPMI on the Brown corpus): PCA and t-SNE maps, TensorBoard Projector files.
const brown = `${DATA}brown.txt.gz`;
if (existsSync(brown)) {
  const { words, groups, vectors } = await wordVectors(brown);
  const reduced = pca(vectors, 2);
  await save('words-pca', embeddingMap(reduced.points, {
    words, groups, vectors, highlight: 'monday', neighbours: 6, groupTitle: 'category',
    title: `PCA of PPMI word vectors (${(100 * (reduced.explainedVarianceRatio[0] ?? 0)).toFixed(0)}% + ${(100 * (reduced.explainedVarianceRatio[1] ?? 0)).toFixed(0)}% of variance)`,
  }), { html: true });
  await save('words-tsne', embeddingMap(tsne(pca(vectors, 30).points, { perplexity: 10 }), {
    words, groups, vectors, highlight: 'mother', neighbours: 6, groupTitle: 'category', title: 't-SNE of PPMI word vectors (Brown corpus)',
  }), { html: true });
  const files = projectorFiles(vectors, words, { groups });
  await writeFile(`${OUT}projector-vectors.tsv`, files.vectors);
  await writeFile(`${OUT}projector-metadata.tsv`, files.metadata);
  console.log('  projector-vectors.tsv, projector-metadata.tsv (load both at projector.tensorflow.org)');
} else {
  console.log(`  (no ${brown}: word maps skipped)`);
}
