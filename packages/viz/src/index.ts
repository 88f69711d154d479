// The public API of @dl/viz: explicit named exports only (STYLE §6). No Node built-ins here:
// files, PNG without setup and HTML pages live in '@dl/viz/node'.


export { Figure, VegaLiteFigure, DotFigure, SvgFigure, type FigureKind, type FigureContainer, type HoverInfo } from './figure.js';
export { initPng, svgToPng, figureToPng, type PngSetup, type PngOptions } from './render/png.js';

// computational graphs
export { drawGraph, graphToDot, traceGraph, type GraphOptions, type GraphModel, type GraphNode } from './graph/graph.js';

// charts: training curves, tensors
export type { Values, Shaped } from './plot/values.js';
export type { ChartOptions } from './plot/theme.js';
export { lineChart, smooth, type LineChartOptions, type Series } from './plot/line.js';
export { History, type HistoryRecord, type HistoryJSON } from './plot/history.js';
export { heatmap, confusionMatrix, confusionCounts, type HeatmapOptions, type ConfusionMatrixOptions } from './plot/heatmap.js';
export { histogram, type HistogramOptions } from './plot/histogram.js';
export { imageGrid, type ImageGridOptions } from './plot/image-grid.js';

// k-means for colouring maps by cluster
export { kmeans, type KMeansOptions, type KMeansResult } from './embedding/kmeans.js';

// model summary
export { summary, summaryFigure, type ModelSummary, type SummaryRow } from './summary/summary.js';

// embeddings
export { pca, type PCAResult } from './embedding/pca.js';
export { tsne, type TSNEOptions } from './embedding/tsne.js';
export { umap, type UMAPOptions } from './embedding/umap.js';
export { embeddingMap, nearestNeighbours, type EmbeddingMapOptions } from './embedding/map.js';
export { projectorFiles } from './embedding/projector.js';

// interactive HTML (the Vega runtime's source is passed in; @dl/viz/node's toHtml reads it)
export { figureToHtml, type HtmlOptions } from './html/html.js';
