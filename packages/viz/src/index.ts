// The public API of @dl/viz: explicit named exports only (STYLE §6). Nothing is exported yet.
export {};
