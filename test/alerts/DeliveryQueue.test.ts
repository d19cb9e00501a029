import { expect } from 'chai';
import { DeliveryQueue, type DeliveryQueueOptions } from '../../src/alerts/DeliveryQueue.js';
import type { PostOutcome } from '../../src/alerts/postJson.js';
import { FakeClock } from '../support/fakeClock.js';

/** A queue on a fake clock whose sends answer `answer()`, recording each POST. */
function queueWith(answer: () => PostOutcome, options: Partial<DeliveryQueueOptions> = {}) {
  const clock = new FakeClock();
  const posts: { url: string; body: unknown }[] = [];
  const timers: number[] = [];
  const errors: unknown[] = [];
  const queue = new DeliveryQueue({
    urls: { alertmanager: 'http://am/api/v2/alerts', webhook: 'http://hook/' },
    timeoutMs: 1_000,
    post: async (url, body) => {
      posts.push({ url, body });
      return answer();
    },
    now: clock.now,
    backoff: { baseMs: 100, maxMs: 250, attempts: 4 },
    // Timers are recorded, never run: the test pumps by hand on its clock.
    setTimer: (_fn, ms) => {
      timers.push(ms);
      return () => {};
    },
    onError: (err) => errors.push(err),
    ...options,
  });
  return { clock, queue, posts, timers, errors };
}

const OK: PostOutcome = { ok: true, status: 200 };
const DOWN: PostOutcome = { ok: false, error: 'ECONNREFUSED' };

describe('DeliveryQueue', () => {
  describe('#pump', () => {
    it("batches Alertmanager's notices in one POST and posts webhook ones one by one", async () => {
      const { queue, posts } = queueWith(() => OK);
      queue.push('alertmanager', 'a', 'firing', { a: 1 });
      queue.push('alertmanager', 'b', 'firing', { b: 1 });
      queue.push('webhook', 'a', 'firing', { text: 'a' });
      queue.push('webhook', 'b', 'firing', { text: 'b' });
      await queue.pump();
      expect(posts).to.deep.equal([
        { url: 'http://am/api/v2/alerts', body: [{ a: 1 }, { b: 1 }] },
        { url: 'http://hook/', body: { text: 'a' } },
        { url: 'http://hook/', body: { text: 'b' } },
      ]);
      expect(queue.counts.sent).to.equal(4);
      expect(queue.length).to.equal(0);
    });

    it('retries after 100, 200, then 250 ms (the cap), and drops after the 4th attempt', async () => {
      const { clock, queue, posts, timers } = queueWith(() => DOWN);
      queue.push('alertmanager', 'a', 'firing', { a: 1 });
      await queue.pump();
      for (const [i, wait] of [100, 200, 250].entries()) {
        expect(timers.at(-1)).to.equal(wait);
        clock.advance(wait - 1);
        await queue.pump();
        expect(posts.length, 'not due yet').to.equal(i + 1);
        clock.advance(1);
        await queue.pump();
      }
      expect(posts).to.have.length(4);
      expect(queue.counts).to.deep.equal({
        sent: 0,
        failedSends: 4,
        retries: 3,
        droppedQueueFull: 0,
        droppedGaveUp: 1,
      });
      expect(queue.recent().map((r) => r.outcome)).to.deep.equal([
        'retrying',
        'retrying',
        'retrying',
        'dropped',
      ]);
      expect(queue.length).to.equal(0);
    });
  });

  describe('#push', () => {
    it("replaces a pending Alertmanager notice of the same alert (Alertmanager's last write wins)", async () => {
      const { queue, posts } = queueWith(() => OK);
      queue.push('alertmanager', 'a', 'firing', { v: 1 });
      queue.push('alertmanager', 'a', 'resolved', { v: 2 });
      await queue.pump();
      expect(posts.map((p) => p.body)).to.deep.equal([[{ v: 2 }]]);
    });

    it('keeps a pending firing and resolved webhook of the same alert, so a chat hears both', async () => {
      const { queue, posts } = queueWith(() => OK);
      queue.push('webhook', 'a', 'firing', { v: 1 });
      queue.push('webhook', 'a', 'firing', { v: 2 });
      queue.push('webhook', 'a', 'resolved', { v: 3 });
      await queue.pump();
      expect(posts.map((p) => p.body)).to.deep.equal([{ v: 2 }, { v: 3 }]);
    });

    it('drops the oldest when full, counted, and ignores a destination not configured', async () => {
      const { queue } = queueWith(() => OK, { limit: 2, urls: { webhook: 'http://hook/' } });
      queue.push('alertmanager', 'x', 'firing', {});
      for (const key of ['a', 'b', 'c']) queue.push('webhook', key, 'firing', {});
      expect(queue.length).to.equal(2);
      expect(queue.counts.droppedQueueFull).to.equal(1);
      expect(queue.recent().map((r) => [r.key, r.outcome, r.error])).to.deep.equal([
        ['a', 'dropped', 'queue full'],
      ]);
    });
  });

  describe('#stop', () => {
    it('sends nothing more once stopped', async () => {
      const { queue, posts } = queueWith(() => OK);
      queue.stop();
      queue.push('webhook', 'a', 'firing', {});
      await queue.pump();
      expect(posts).to.deep.equal([]);
    });
  });
});
