/**
 * The native-histogram schema request durations are counted at: each power
 * of two split into 2^6 buckets, so a bucket spans 1.09% (2^(1/64)) and an
 * estimate anywhere in the bucket that holds a percentile is within 1.1% of
 * it; schema 5 (2.2% buckets) could miss 2% at a bucket edge.
 */
export const NATIVE_SCHEMA = 6;
/** The zero bucket's breadth: client_golang's default (2^-128), so only a zero lands there. */
export const NATIVE_ZERO_THRESHOLD = 2 ** -128;
/**
 * The most buckets one series spans (first to last, at its schema): past it,
 * the series halves its resolution (schema - 1), as OTel's exponential
 * histogram does. 2048 at schema 6 spans 2^32: a microsecond to over an hour.
 */
export const NATIVE_MAX_BUCKETS = 2048;

/** One span of consecutive buckets, as the exposition writes it. */
export interface NativeSpan {
  /** Gap from the previous span's end, or the first bucket's index. */
  readonly offset: number;
  /** Its number of buckets. */
  readonly length: number;
}

/** A native histogram's positive side, as `io.prometheus.client.Histogram` holds it. */
export interface NativeBuckets {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  readonly spans: NativeSpan[];
  /** Each bucket's count minus the previous bucket's (the first: minus zero). */
  readonly deltas: number[];
}

/**
 * Cumulative counts of positive values in Prometheus's exponential buckets:
 * bucket `i` holds (base^(i-1), base^i], base = 2^(2^-schema). Dense from the
 * lowest to the highest bucket seen, so a record is one index computation and
 * one increment.
 */
export class ExponentialBuckets {
  private schema = NATIVE_SCHEMA;
  private factor = 2 ** NATIVE_SCHEMA;
  private first = 0;
  private counts: number[] = [];
  private zero = 0;

  /** Counts one value; negatives and NaN go nowhere (durations are never below zero). */
  record(value: number): void {
    if (!(value > NATIVE_ZERO_THRESHOLD)) {
      if (value >= 0) this.zero++;
      return;
    }
    let index = Math.ceil(Math.log2(value) * this.factor);
    if (this.counts.length === 0) {
      this.first = index;
      this.counts.push(1);
      return;
    }
    while (
      Math.max(index, this.first + this.counts.length - 1) - Math.min(index, this.first) >=
      NATIVE_MAX_BUCKETS
    ) {
      this.downscale();
      index = Math.ceil(Math.log2(value) * this.factor);
    }
    if (index < this.first) {
      this.counts.unshift(...new Array<number>(this.first - index).fill(0));
      this.first = index;
    } else if (index >= this.first + this.counts.length) {
      for (let i = this.first + this.counts.length; i <= index; i++) this.counts.push(0);
    }
    (this.counts[index - this.first] as number)++;
  }

  /** Halves the resolution: buckets 2i-1 and 2i at schema s are bucket i at s - 1. */
  private downscale(): void {
    const merged = new Map<number, number>();
    this.counts.forEach((c, i) => {
      const index = Math.ceil((this.first + i) / 2);
      merged.set(index, (merged.get(index) ?? 0) + c);
    });
    const indexes = [...merged.keys()];
    this.first = Math.min(...indexes);
    this.counts = indexes.map((i) => merged.get(i) ?? 0);
    this.schema -= 1;
    this.factor = 2 ** this.schema;
  }

  /** The buckets as spans and deltas; empty buckets split spans (over a gap of more than 2). */
  snapshot(): NativeBuckets {
    const spans: NativeSpan[] = [];
    const deltas: number[] = [];
    let previousCount = 0;
    let spanStart = 0;
    let spanLength = 0;
    let lastEnd = 0;
    let pendingZeros = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const count = this.counts[i] as number;
      const index = this.first + i;
      if (count === 0) {
        if (spanLength > 0) pendingZeros++;
        continue;
      }
      if (spanLength > 0 && pendingZeros <= 2) {
        // A short gap costs less as zero buckets inside the span than as a new span.
        for (let z = 0; z < pendingZeros; z++) {
          deltas.push(0 - previousCount);
          previousCount = 0;
        }
        spanLength += pendingZeros;
      } else if (spanLength > 0) {
        spans.push({ offset: spanStart - lastEnd, length: spanLength });
        lastEnd = spanStart + spanLength;
        spanLength = 0;
      }
      if (spanLength === 0) spanStart = index;
      pendingZeros = 0;
      deltas.push(count - previousCount);
      previousCount = count;
      spanLength++;
    }
    if (spanLength > 0) spans.push({ offset: spanStart - lastEnd, length: spanLength });
    return {
      schema: this.schema,
      zeroThreshold: NATIVE_ZERO_THRESHOLD,
      zeroCount: this.zero,
      spans,
      deltas,
    };
  }
}
