// Test helpers for packages that build on @dl/viz, published as '@dl/viz/testing'.
export { pngInfo, type PngInfo } from './png-info.js';
