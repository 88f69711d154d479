import { loadDigits, trainMlp, trainCnn } from '/work/main/apps/examples/src/digits.ts';
const t0 = performance.now();
const d = await loadDigits();
console.log('load', ((performance.now()-t0)/1000).toFixed(2), d.train.length, d.test.length);
const which = process.argv[2] ?? 'mlp';
const seed = Number(process.argv[3] ?? 0);
const epochs = Number(process.argv[4] ?? 10);
const r = (which === 'mlp' ? trainMlp : trainCnn)(d, { seed, epochs, onEpoch: (s) => console.log(JSON.stringify(s)) });
console.log(which, seed, r.testAccuracy, r.trainSeconds.toFixed(2), r.totalSeconds.toFixed(2));
