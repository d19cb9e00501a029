import { expect } from 'chai';
import { type ErrorEntry, ErrorRing, MAX_ERROR_MESSAGE_LENGTH } from '../../src/store/ErrorRing.js';
import { T0 } from '../support/fakeClock.js';

/** An error entry at `timestampMs`, with any field overridden. */
function entry(timestampMs: number, overrides: Partial<ErrorEntry> = {}): ErrorEntry {
  return {
    timestampMs,
    service: 'svc',
    instance: 'host:1',
    endpoint: '/predict',
    method: 'POST',
    errorType: 'ModelError',
    message: `failure at ${timestampMs}`,
    statusCode: 500,
    traceId: 'f'.repeat(32),
    ...overrides,
  };
}

describe('ErrorRing', () => {
  describe('#constructor', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) {
      it(`rejects a capacity of ${capacity}`, () => {
        expect(() => new ErrorRing(capacity)).to.throw(RangeError, /capacity/);
      });
    }

    it('starts empty', () => {
      const ring = new ErrorRing(5);
      expect(ring.size).to.equal(0);
      expect(ring.capacity).to.equal(5);
      expect(ring.newest(10, 0)).to.deep.equal([]);
    });
  });

  describe('#push', () => {
    for (const capacity of [1, 3, 100]) {
      it(`never holds more than its capacity of ${capacity}`, () => {
        const ring = new ErrorRing(capacity);
        for (let i = 0; i < capacity * 2 + 1; i++) {
          ring.push(entry(T0 + i));
          expect(ring.size).to.equal(Math.min(i + 1, capacity));
        }
        const kept = ring.newest(Number.MAX_SAFE_INTEGER, 0);
        expect(kept).to.have.length(capacity);
        // Only the newest `capacity` entries survive.
        const expected = Array.from({ length: capacity }, (_, k) => T0 + capacity * 2 - k);
        expect(kept.map((e) => e.timestampMs)).to.deep.equal(expected);
      });
    }

    const lengths = [0, 1, MAX_ERROR_MESSAGE_LENGTH - 1, MAX_ERROR_MESSAGE_LENGTH];
    for (const length of lengths) {
      it(`keeps a message of ${length} characters whole`, () => {
        const ring = new ErrorRing(2);
        const message = 'x'.repeat(length);
        ring.push(entry(T0, { message }));
        expect(ring.newest(1, 0)[0]?.message).to.equal(message);
      });
    }

    for (const length of [MAX_ERROR_MESSAGE_LENGTH + 1, 1_000, 100_000]) {
      it(`truncates a message of ${length} characters to ${MAX_ERROR_MESSAGE_LENGTH}`, () => {
        const ring = new ErrorRing(2);
        const message = 'abcdefghij'.repeat(Math.ceil(length / 10)).slice(0, length);
        const original = entry(T0, { message });
        ring.push(original);
        const kept = ring.newest(1, 0)[0];
        expect(kept?.message).to.have.length(MAX_ERROR_MESSAGE_LENGTH);
        expect(kept?.message).to.equal(message.slice(0, MAX_ERROR_MESSAGE_LENGTH));
        expect(kept).to.deep.equal({ ...original, message: kept?.message });
        // The caller's entry is left alone.
        expect(original.message).to.have.length(length);
      });
    }

    it('has a 200-character message limit', () => {
      expect(MAX_ERROR_MESSAGE_LENGTH).to.equal(200);
    });
  });

  describe('#newest', () => {
    it('finds a newer entry that was pushed before older ones', () => {
      const ring = new ErrorRing(10);
      ring.push(entry(T0 + 9)); // finished last, exported first
      for (let i = 0; i < 5; i++) ring.push(entry(T0 + i));
      expect(ring.newest(2, 0).map((e) => e.timestampMs)).to.deep.equal([T0 + 9, T0 + 4]);
    });

    it('lists the newest first', () => {
      const ring = new ErrorRing(10);
      for (let i = 0; i < 5; i++) ring.push(entry(T0 + i * 1000));
      expect(ring.newest(10, 0).map((e) => e.timestampMs - T0)).to.deep.equal([
        4000, 3000, 2000, 1000, 0,
      ]);
    });

    it('returns at most `limit` entries, the newest', () => {
      const ring = new ErrorRing(100);
      for (let i = 0; i < 50; i++) ring.push(entry(T0 + i));
      const newest = ring.newest(10, 0);
      expect(newest.map((e) => e.timestampMs - T0)).to.deep.equal([
        49, 48, 47, 46, 45, 44, 43, 42, 41, 40,
      ]);
      expect(ring.newest(0, 0)).to.deep.equal([]);
    });

    const sinceCases = [
      { sinceMs: 0, expected: [40, 30, 20, 10, 0] },
      { sinceMs: T0 + 20, expected: [40, 30, 20] },
      { sinceMs: T0 + 21, expected: [40, 30] },
      { sinceMs: T0 + 40, expected: [40] },
      { sinceMs: T0 + 41, expected: [] },
    ];
    for (const { sinceMs, expected } of sinceCases) {
      it(`keeps only entries at or after ${sinceMs === 0 ? '0' : `T0 + ${sinceMs - T0}`}`, () => {
        const ring = new ErrorRing(10);
        for (const offset of [0, 10, 20, 30, 40]) ring.push(entry(T0 + offset));
        expect(ring.newest(10, sinceMs).map((e) => e.timestampMs - T0)).to.deep.equal(expected);
      });
    }

    it('orders entries pushed slightly out of order by time', () => {
      const ring = new ErrorRing(10);
      for (const offset of [0, 5, 3, 9, 7]) ring.push(entry(T0 + offset));
      expect(ring.newest(10, 0).map((e) => e.timestampMs - T0)).to.deep.equal([9, 7, 5, 3, 0]);
    });

    it('lists correctly after the ring wraps several times', () => {
      const ring = new ErrorRing(7);
      for (let i = 0; i < 7 * 5 + 3; i++) ring.push(entry(T0 + i));
      expect(ring.newest(100, 0).map((e) => e.timestampMs - T0)).to.deep.equal([
        37, 36, 35, 34, 33, 32, 31,
      ]);
      expect(ring.newest(3, T0 + 36).map((e) => e.timestampMs - T0)).to.deep.equal([37, 36]);
    });
  });
});
