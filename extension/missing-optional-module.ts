/**
 * Stands in for ts-mls's optional dependencies that are not installed (`@hpke/chacha20poly1305`,
 * `@hpke/dhkem-x448`, `@hpke/ml-kem`, `@hpke/hybridkem-x-wing`, `@noble/post-quantum/ml-dsa.js`:
 * ciphersuites rooms do not use).
 * ts-mls loads them with `await import()` inside a try/catch; Vite's stub for a missing optional
 * peer dependency throws when evaluated, and the background's single-file bundle evaluates every
 * inlined dynamic import at load, so the worker died at start. This empty module makes the
 * `import()` give nothing, which ts-mls reports as its own "not installed" error if ever used.
 */
export {};
