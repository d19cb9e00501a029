import type { Exemplar } from '../../store/exemplars/Exemplar.js';

/** The identity of a held request: the same one can be kept at two ranks (slowest, and a quantile's). */
function idOf(e: Exemplar): string {
  return `${e.traceId}|${e.timestampMs}|${e.durationMs}|${e.endpoint}|${e.instance}`;
}

/**
 * The `limit` slowest distinct held requests, found while the store's
 * exemplars are scanned: slowest first, then newest, then first offered
 * (as a stable sort of all of them would order them); of two equal ones
 * the first offered stays. Bounded: at most `limit` are ever built, plus
 * one per exemplar that beats the slowest-list's last.
 */
export class SlowestPicks {
  /** Kept, in order: slowest first. */
  private readonly kept: Exemplar[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly limit: number) {}

  /** True when a request of this duration and time would enter the list. */
  wants(durationMs: number, timestampMs: number): boolean {
    if (this.limit <= 0) return false;
    if (this.kept.length < this.limit) return true;
    const last = this.kept[this.kept.length - 1] as Exemplar;
    // Offered after every kept one: it must beat the last strictly.
    return (
      durationMs > last.durationMs ||
      (durationMs === last.durationMs && timestampMs > last.timestampMs)
    );
  }

  /** Offers one held exemplar that {@link wants} accepted. */
  add(e: Exemplar): void {
    const id = idOf(e);
    if (this.ids.has(id)) return;
    let at = this.kept.length;
    while (at > 0) {
      const prev = this.kept[at - 1] as Exemplar;
      if (
        prev.durationMs > e.durationMs ||
        (prev.durationMs === e.durationMs && prev.timestampMs >= e.timestampMs)
      ) {
        break;
      }
      at--;
    }
    this.kept.splice(at, 0, e);
    this.ids.add(id);
    if (this.kept.length > this.limit) {
      const out = this.kept.pop() as Exemplar;
      this.ids.delete(idOf(out));
    }
  }

  /** The list, slowest first. */
  get requests(): readonly Exemplar[] {
    return this.kept;
  }
}
