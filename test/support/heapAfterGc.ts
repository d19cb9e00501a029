/** Heap in use after two full collections; needs `--expose-gc` (`npm run test:load` sets it). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the load tests with --expose-gc (npm run test:load)');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
