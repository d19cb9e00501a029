import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { RequestStore } from '../../../src/store/RequestStore.js';
import type { StoreSnapshot } from '../../../src/store/snapshot/StoreSnapshot.js';
import { FakeClock } from '../../support/fakeClock.js';
import {
  SEEDED_BUCKET_MS,
  SEEDED_RETENTION_MS,
  seededSnapshotJson,
  seededStore,
} from '../../support/seededStoreSnapshot.js';

/**
 * Written by the build before snapshot and restore left RequestStore (issue
 * 24, commit fed427e), from {@link seededStore}: a snapshot written now must
 * be the same text. Gzipped, byte for byte, so no formatter reflows it.
 */
const FIXTURE = join(process.cwd(), 'test/fixtures/store-snapshot-v3-seeded.json.gz');

/** The fixture's text, as that build wrote it. */
const fixtureText = (): string => gunzipSync(readFileSync(FIXTURE)).toString('utf8');

/** SHA-256 of the snapshot that build wrote after restoring the fixture: restore is pinned too. */
const RESTORED_SHA256 = '11cce570a2a1940e0fb6a0caaae57e7b2263d4223d11638ff4d4f832d2e30866';

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
  });
});
