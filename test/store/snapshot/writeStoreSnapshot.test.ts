import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { slowestQuery } from '../../../src/dashboard/queries/slowestQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { StoreSnapshot } from '../../../src/store/snapshot/StoreSnapshot.js';
import { DAY, FakeClock } from '../../support/fakeClock.js';
import {
  SEEDED_BUCKET_MS,
  SEEDED_RETENTION_MS,
  seededSnapshotJson,
  seededStore,
} from '../../support/seededStoreSnapshot.js';

/**
 * Written from {@link seededStore} by the build that added the exact slowest
 * lists (issue 22, the `slowest` field, exemplars no longer keeping their
 * own slowest): a snapshot written now must be the same text. Gzipped, byte for byte, so no formatter reflows it.
 */
const FIXTURE = join(process.cwd(), 'test/fixtures/store-snapshot-v3-seeded.json.gz');

/**
 * The same seeded store as written before the `slowest` field (issue 24,
 * commit fed427e): it must still restore, its exemplars seeding the lists.
 */
const EXEMPLARS_ONLY = join(
  process.cwd(),
  'test/fixtures/store-snapshot-v3-seeded-exemplars-only.json.gz',
);

/** A fixture's text, as its build wrote it. */
const fixtureText = (file = FIXTURE): string => gunzipSync(readFileSync(file)).toString('utf8');

/** SHA-256 of the snapshot written after restoring the fixture: restore is pinned too. */
const RESTORED_SHA256 = '38756c79528584a76e950aee2a52d170d47f27ed365619d6f56745e818e43ecd';

/** SHA-256 of what the build before `slowest` wrote after restoring its fixture. */
const EXEMPLARS_ONLY_RESTORED_SHA256 =
  '11cce570a2a1940e0fb6a0caaae57e7b2263d4223d11638ff4d4f832d2e30866';

/** A store of the seeded one's clock and settings, with `text` restored. */
function restoredFrom(text: string): RequestStore {
  const { clock } = seededStore();
  const store = new RequestStore({
    retentionMs: SEEDED_RETENTION_MS,
    bucketMs: SEEDED_BUCKET_MS,
    now: new FakeClock(clock.ms).now,
  });
  store.restore(JSON.parse(text) as StoreSnapshot);
  return store;
}

describe('writeStoreSnapshot', () => {
  describe('of a seeded store', () => {
    it('writes the same text as the build that wrote the fixture', () => {
      const expected = fixtureText().trim();
      const actual = seededSnapshotJson();
      expect(actual.length).to.equal(expected.length);
      expect(actual === expected, 'snapshot text differs from the fixture').to.equal(true);
    });

    it('restores the fixture into a store that writes it back unchanged', () => {
      const saved = JSON.parse(fixtureText()) as StoreSnapshot;
      const { clock } = seededStore();
      const restored = new RequestStore({
        retentionMs: SEEDED_RETENTION_MS,
        bucketMs: SEEDED_BUCKET_MS,
        now: new FakeClock(clock.ms).now,
      });
      restored.restore(saved);
      const again = restored.toSnapshot();
      expect(createHash('sha256').update(JSON.stringify(again)).digest('hex')).to.equal(
        RESTORED_SHA256,
      );
      expect(again.recorded).to.equal(saved.recorded);
    });

    it('restores the fixture written before the slowest lists as that build did, plus them', () => {
      const again = restoredFrom(fixtureText(EXEMPLARS_ONLY)).toSnapshot();
      const { slowest, ...before } = again;
      expect(createHash('sha256').update(JSON.stringify(before)).digest('hex')).to.equal(
        EXEMPLARS_ONLY_RESTORED_SHA256,
      );
      expect(slowest?.rows.length).to.be.greaterThan(0);
    });

    it('says the lists seeded from exemplars are exact only after the newest of them', () => {
      const store = restoredFrom(fixtureText(EXEMPLARS_ONLY));
      const report = slowestQuery(store, '24h', DAY, undefined, 5);
      expect(report.requests).to.have.length(5);
      expect(Date.parse(report.exact_until)).to.be.greaterThan(Date.parse(report.since));
      const current = slowestQuery(restoredFrom(fixtureText()), '24h', DAY, undefined, 5);
      expect(current.exact_until).to.equal(current.since);
    });
  });
});
