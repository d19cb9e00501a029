import type { DDSketch } from '@datadog/sketches-js';

/**
 * Merges `from` into `into`, like `into.merge(from)`, working around a bug
 * in @datadog/sketches-js 2.1.1: `DenseStore._extendRange(key, secondKey)`
 * treats a `secondKey` of 0 as missing (`secondKey || key`), so merging a
 * store whose highest key is 0 — values in (0.98, 1] ms — can drop that bin
 * and skew the upper percentiles. Extending the target's range one key at a
 * time first (the path `add` takes, which is correct) makes the library's
 * merge safe.
 */
export function mergeSketch(into: DDSketch, from: DDSketch): void {
  if (into.count > 0 && from.store.count > 0) {
    into.store._getIndex(from.store.minKey);
    into.store._getIndex(from.store.maxKey);
  }
  into.merge(from);
}
