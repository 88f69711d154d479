// Test helpers for packages that build on @dl/io, published as '@dl/io/testing'.
export {};
