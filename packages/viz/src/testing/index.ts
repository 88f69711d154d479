// Test helpers for packages that build on @dl/viz, published as '@dl/viz/testing'.
export {};
