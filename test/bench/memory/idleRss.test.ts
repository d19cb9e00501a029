import { expect } from 'chai';
import { runIdleRss } from '../../../bench/memory/idleRss.js';
import { idleRssTable } from '../../../bench/memory/idleRssTable.js';

describe('bench idle memory row', () => {
  it('reads both variants from inside, and ours over plain round by round', async () => {
    const result = await runIdleRss(
      { rounds: 1, requests: 20, settleMs: 100, idleMs: 300 },
      () => undefined,
    );
    for (const reading of [result.settled, result.idle]) {
      for (const variant of [reading.plain, reading.ours, reading.ours_esm_hooks]) {
        expect(variant.rss.median).to.be.greaterThan(10);
        expect(variant.heap_used.median).to.be.greaterThan(1);
        expect(variant.rss.min).to.equal(variant.rss.max);
      }
      // One process per variant: the difference is exactly ours minus plain.
      expect(reading.over_plain.rss.median).to.be.closeTo(
        reading.ours.rss.median - reading.plain.rss.median,
        0.11,
      );
      expect(reading.baseline).to.equal(undefined);
    }
    // Koa installed beside the app: the ESM loader runs, on a thread of its own.
    expect(result.idle.ours_esm_hooks.threads.median).to.be.greaterThan(
      result.idle.ours.threads.median,
    );
    // The preload loads the SDK, the store and the dashboard: more heap than the app alone.
    expect(result.idle.over_plain.heap_used.median).to.be.greaterThan(0);
    expect(result.idle.after_ms).to.equal(300);
    expect(idleRssTable(result)).to.include('| RSS |');
  });
});
