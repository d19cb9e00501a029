import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { errorsQuery } from '../../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { SourceFilter } from '../../../src/store/SourceFilter.js';
import {
  checkStoreSnapshot,
  READABLE_STORE_SNAPSHOT_VERSIONS,
  STORE_SNAPSHOT_VERSION,
} from '../../../src/store/snapshot/StoreSnapshot.js';
import { HOUR, MINUTE } from '../../support/fakeClock.js';

/**
 * A version 2 snapshot file written by main's build before buckets were
 * packed into one buffer (commit 0b36bf5: 70 minutes of traffic, two
 * sources, a 1 h retention, so minute, quarter and hour buckets), with the
 * figures that build answered at the time of saving.
 */
const V2_FILE = join(process.cwd(), 'test/fixtures/store-snapshot-v2.json');

interface V2File {
  version: number;
  savedAtMs: number;
  payload: unknown;
  figures: Record<string, unknown[]>;
}

const QUERIES: Record<string, [string, number, SourceFilter]> = {
  '1h all': ['1h', HOUR, {}],
  '20m w:2': ['20m', 20 * MINUTE, { instance: 'w:2' }],
};

/** `actual` with only the object keys that `expected` has, at every depth. */
function shapedLike(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((a, i) => shapedLike(a, expected[i]));
  }
  if (isObject(actual) && isObject(expected)) {
    return Object.fromEntries(
      Object.keys(expected)
        .filter((k) => k in actual)
        .map((k) => [k, shapedLike(actual[k], expected[k])]),
    );
  }
  return actual;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

describe('RequestStore snapshots, version 2 (written by the previous packing)', () => {
  const file = JSON.parse(readFileSync(V2_FILE, 'utf8')) as V2File;

  it('is read by this build, which writes a newer version', () => {
    expect(file.version).to.equal(2);
    expect(READABLE_STORE_SNAPSHOT_VERSIONS).to.include(2);
    expect(STORE_SNAPSHOT_VERSION).to.be.greaterThan(2);
  });

  it('restores to the very figures the old build answered', () => {
    const store = new RequestStore({ now: () => file.savedAtMs, retentionMs: HOUR });
    const result = store.restore(checkStoreSnapshot(file.payload));
    expect(result.kept).to.be.greaterThan(60);
    for (const [name, [period, periodMs, filter]] of Object.entries(QUERIES)) {
      const figures = [
        requestsQuery(store, period, periodMs, filter),
        latencyQuery(store, period, periodMs, filter),
        errorsQuery(store, period, periodMs, filter),
      ];
      // Fields added since (the drill-down's exemplars and error groups) are
      // not in the old build's figures; every field it answered must match.
      const actual = shapedLike(JSON.parse(JSON.stringify(figures)), file.figures[name]);
      expect(actual, name).to.deep.equal(file.figures[name]);
    }
  });

  it('saves again in the new version and restores to the same figures', () => {
    const first = new RequestStore({ now: () => file.savedAtMs, retentionMs: HOUR });
    first.restore(checkStoreSnapshot(file.payload));
    const again = new RequestStore({ now: () => file.savedAtMs, retentionMs: HOUR });
    again.restore(checkStoreSnapshot(JSON.parse(JSON.stringify(first.toSnapshot()))));
    for (const [name, [period, periodMs, filter]] of Object.entries(QUERIES)) {
      expect(latencyQuery(again, period, periodMs, filter), name).to.deep.equal(
        latencyQuery(first, period, periodMs, filter),
      );
      expect(requestsQuery(again, period, periodMs, filter), name).to.deep.equal(
        requestsQuery(first, period, periodMs, filter),
      );
    }
  });
});
