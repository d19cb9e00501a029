import { expect } from 'chai';
import { exemplarJson } from '../../../src/dashboard/queries/exemplarJson.js';
import { slowestQuery } from '../../../src/dashboard/queries/slowestQuery.js';
import { tiedExemplarTraffic } from '../../support/exemplarTraffic.js';
import { HOUR, MINUTE } from '../../support/fakeClock.js';

describe('slowestQuery', () => {
  describe('scans the held exemplars without building them all', () => {
    const { store } = tiedExemplarTraffic();

    for (const [period, ms] of [
      ['30m', 30 * MINUTE],
      ['2h', 2 * HOUR],
      ['3h', 3 * HOUR],
    ] as const) {
      it(`lists, over ${period}, the same slowest requests as sorting all of them`, () => {
        const sinceMs = store.window(ms).sinceMs;
        const held = store
          .exemplarsSince(sinceMs, () => true)
          .sort((a, b) => b.durationMs - a.durationMs || b.timestampMs - a.timestampMs);
        const seen = new Set<string>();
        const expected = held
          .filter((e) => {
            const id = `${e.traceId}|${e.timestampMs}|${e.durationMs}|${e.endpoint}|${e.instance}`;
            if (seen.has(id)) return false;
            seen.add(id);
            return true;
          })
          .map(exemplarJson);
        for (const limit of [1, 7, 20, 100]) {
          const got = slowestQuery(store, period, ms, undefined, limit).requests;
          expect(got).to.deep.equal(expected.slice(0, limit));
        }
        const one = slowestQuery(store, period, ms, '/e2', 20).requests;
        expect(one).to.deep.equal(expected.filter((e) => e.endpoint === '/e2').slice(0, 20));
      });
    }
  });
});
