/**
 * Durations handed out lowest first: each {@link take} gives the next
 * `need` requests of a weighted list of values (ms → count, ascending),
 * and, where the list runs out, the mean stands for the rest.
 */
export class LowestFirst {
  private i = 0;
  private left: number;

  constructor(
    private readonly values: readonly (readonly [number, number])[],
    private readonly meanMs: number,
  ) {
    this.left = values[0]?.[1] ?? 0;
  }

  /** The next `need` requests' values and their whole weights, totalling `need`. */
  take(need: number): { valuesMs: number[]; weights: number[] } {
    const valuesMs: number[] = [];
    const weights: number[] = [];
    const { values } = this;
    while (need > 0 && this.i < values.length) {
      const take = Math.min(need, this.left);
      if (take > 0) {
        valuesMs.push((values[this.i] as readonly [number, number])[0]);
        weights.push(take);
      }
      need -= take;
      this.left -= take;
      if (this.left <= 0) this.left = values[++this.i]?.[1] ?? 0;
    }
    if (need > 0) {
      valuesMs.push(this.meanMs);
      weights.push(need);
    }
    return { valuesMs, weights };
  }
}
