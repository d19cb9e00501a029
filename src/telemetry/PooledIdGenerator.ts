import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

/** Random bytes drawn from the OS at once: ids for about 170 spans (a trace id and a span id each). */
export const ID_POOL_BYTES = 4_096;

/**
 * Trace and span ids cut from a pool of random bytes that `crypto` refills
 * when spent: per id, one hex conversion, instead of the SDK's
 * RandomIdGenerator's four `Math.random` calls and buffer writes. The ids
 * are W3C-valid (lowercase hex, never all zero) and as random as the OS
 * source. Each generator owns its pool; nothing is shared between instances.
 */
export class PooledIdGenerator implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(ID_POOL_BYTES);
  private offset = ID_POOL_BYTES;

  /** `fill`: writes random bytes over a buffer (crypto's by default; a test may pass its own). */
  constructor(private readonly fill: (pool: Buffer) => void = randomFillSync) {}

  generateTraceId(): string {
    return this.next(16);
  }

  generateSpanId(): string {
    return this.next(8);
  }

  private next(bytes: number): string {
    if (this.offset + bytes > ID_POOL_BYTES) {
      this.fill(this.pool);
      this.offset = 0;
    }
    const start = this.offset;
    const end = start + bytes;
    this.offset = end;
    const pool = this.pool;
    let zero = true;
    for (let i = start; i < end; i++) {
      if (pool[i] !== 0) {
        zero = false;
        break;
      }
    }
    // An all-zero id is invalid; as the SDK's generator, make the last byte 1.
    if (zero) pool[end - 1] = 1;
    return pool.toString('hex', start, end);
  }
}
