// Canvas drawing for the MLP demo: the decision map with its points, and the loss curve.

const BLUE: readonly [number, number, number] = [59, 130, 246];
const ORANGE: readonly [number, number, number] = [249, 115, 22];

/** Paints P(class 1) on the grid (blue for 0, orange for 1) and the data points on top. */
export function drawDecision(
  canvas: HTMLCanvasElement,
  gridSize: number,
  probabilities: Float32Array,
  points: { readonly x: Float32Array; readonly labels: Int32Array },
): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  const image = context.createImageData(gridSize, gridSize);
  for (let i = 0; i < gridSize * gridSize; i++) {
    const p = probabilities[i] ?? 0.5;
    for (let c = 0; c < 3; c++) {
      const mixed = (1 - p) * (BLUE[c] ?? 0) + p * (ORANGE[c] ?? 0);
      image.data[4 * i + c] = Math.round(255 - 0.45 * (255 - mixed));
    }
    image.data[4 * i + 3] = 255;
  }
  const grid = document.createElement('canvas');
  grid.width = gridSize;
  grid.height = gridSize;
  grid.getContext('2d')?.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(grid, 0, 0, width, height);
  for (let i = 0; i < points.labels.length; i++) {
    const px = ((points.x[2 * i] + 1) / 2) * width;
    const py = ((1 - points.x[2 * i + 1]) / 2) * height;
    context.beginPath();
    context.arc(px, py, 3.5, 0, 2 * Math.PI);
    context.fillStyle = points.labels[i] === 0 ? 'rgb(37, 99, 235)' : 'rgb(234, 88, 12)';
    context.fill();
    context.strokeStyle = 'white';
    context.lineWidth = 1;
    context.stroke();
  }
}

/** The loss per frame on a log scale, with the last value printed. */
export function drawLoss(canvas: HTMLCanvasElement, losses: readonly number[], color: string): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const finite = losses.filter((loss) => Number.isFinite(loss) && loss > 0);
  if (finite.length < 2) return;
  const logs = finite.map((loss) => Math.log10(loss));
  const top = Math.max(...logs);
  const bottom = Math.min(...logs, top - 1);
  const pad = 8;
  context.beginPath();
  logs.forEach((value, k) => {
    const px = pad + (k / (logs.length - 1)) * (width - 2 * pad);
    const py = pad + ((top - value) / (top - bottom)) * (height - 2 * pad);
    if (k === 0) context.moveTo(px, py);
    else context.lineTo(px, py);
  });
  context.strokeStyle = color;
  context.lineWidth = 2;
  context.stroke();
  context.fillStyle = color;
  context.font = '12px sans-serif';
  context.fillText(`loss ${finite[finite.length - 1]?.toFixed(4) ?? ''} (log scale)`, pad, height - pad);
}
