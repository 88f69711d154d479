// Test helpers for packages that build on @dl/nn, published as '@dl/nn/testing'.
export {};
