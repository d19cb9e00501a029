/**
 * The key paths of a results object (`http.variants.plain.rps`): what
 * bench/run.ts and test/bench check so that a new bench/results.json keeps
 * every key of the previous one and earlier figures stay comparable.
 */

/** Every path to a leaf of `value`, dot-separated; arrays are leaves (their length varies by run). */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return prefix === '' ? [] : [prefix];
  const paths = Object.entries(value).flatMap(([k, v]) =>
    keyPaths(v, prefix === '' ? k : `${prefix}.${k}`),
  );
  // An empty object is a leaf too, so dropping its key is seen.
  return paths.length === 0 && prefix !== '' ? [prefix] : paths;
}

/**
 * The key paths of `previous` that `next` lacks, leaving out the top-level
 * sections named in `skipSections` (a quick run has no store sections).
 */
export function missingKeyPaths(
  previous: unknown,
  next: unknown,
  skipSections: readonly string[] = [],
): string[] {
  // Every path of `next` and each of its prefixes: a leaf that became an object (more detail) is kept.
  const have = new Set(
    keyPaths(next).flatMap((p) => p.split('.').map((_, i, a) => a.slice(0, i + 1).join('.'))),
  );
  return keyPaths(previous).filter(
    (p) => !skipSections.includes(p.split('.')[0] ?? '') && !have.has(p),
  );
}
