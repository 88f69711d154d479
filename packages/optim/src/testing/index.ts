// Test helpers for packages that build on @dl/optim, published as '@dl/optim/testing'.
export {};
