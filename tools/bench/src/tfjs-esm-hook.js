// A Node module-resolution hook for tfjs-core's ES module build (dist/*.js), which imports its
// own files without extensions ('./gradients', './ops/add'), as bundlers allow and Node does
// not. The bench needs that build: tfjs's Node bundle leaves out the gradient functions.
// Only relative imports from inside @tensorflow packages are retried, with '.js' then '/index.js'.

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTfjs = context.parentURL?.includes('/@tensorflow/') ?? false;
    if (!fromTfjs || !specifier.startsWith('.')) throw error;
    try {
      return await nextResolve(`${specifier}.js`, context);
    } catch {
      return nextResolve(`${specifier}/index.js`, context);
    }
  }
}
