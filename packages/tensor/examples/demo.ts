// Placeholder: the real tensor demo replaces this file. Run it with `pnpm demo`.
console.log('@dl/tensor demo: nothing to show yet');
