/**
 * One series' requests in one fill chunk: the exact count and sum, and the
 * durations as weighted values (milliseconds → whole counts).
 */
export class ChunkLatency {
  count = 0;
  /** Sum of the durations, in milliseconds. */
  sumMs = 0;
  /** Weight per bucket value, in milliseconds. */
  readonly weights = new Map<number, number>();

  /** Adds `weight` observations at `valueMs`. */
  addValue(valueMs: number, weight: number): void {
    if (!(weight > 0)) return;
    this.weights.set(valueMs, (this.weights.get(valueMs) ?? 0) + weight);
  }

  /**
   * The values and whole weights, totalling {@link count}: the buckets'
   * increments are rounded, and what they miss or overshoot (a reset seen by
   * the count and not the buckets, a scrape torn between them) goes to, or
   * comes from, the fullest bucket, so latency never counts other requests
   * than the exact count.
   */
  weighted(): { valuesMs: number[]; weights: number[] } {
    const count = Math.round(this.count);
    const valuesMs: number[] = [];
    const weights: number[] = [];
    let total = 0;
    let fullest = -1;
    for (const [value, weight] of [...this.weights].sort((a, b) => a[0] - b[0])) {
      const w = Math.round(weight);
      if (w <= 0) continue;
      valuesMs.push(value);
      weights.push(w);
      total += w;
      if (fullest === -1 || w > (weights[fullest] as number)) fullest = weights.length - 1;
    }
    if (total === count) return { valuesMs, weights };
    if (fullest === -1) {
      // No bucket rose: the mean stands for them all.
      return count > 0
        ? { valuesMs: [this.sumMs / count], weights: [count] }
        : { valuesMs, weights };
    }
    let excess = total - count;
    weights[fullest] = (weights[fullest] as number) - excess;
    // The fullest may not hold the whole excess: take the rest from the others, top down.
    excess = Math.max(0, -(weights[fullest] as number));
    if (excess > 0) weights[fullest] = 0;
    for (let i = weights.length - 1; i >= 0 && excess > 0; i--) {
      const take = Math.min(excess, weights[i] as number);
      weights[i] = (weights[i] as number) - take;
      excess -= take;
    }
    return { valuesMs, weights };
  }
}
