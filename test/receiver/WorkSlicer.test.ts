import { expect } from 'chai';
import { WorkSlicer } from '../../src/receiver/WorkSlicer.js';

/** Ticks `n` times, awaiting every pause; answers which ticks (1-based) paused. */
async function pausesIn(slicer: WorkSlicer, n: number): Promise<number[]> {
  const paused: number[] = [];
  for (let i = 1; i <= n; i++) {
    const pause = slicer.tick();
    if (pause !== undefined) {
      paused.push(i);
      await pause;
    }
  }
  return paused;
}

describe('WorkSlicer', () => {
  describe('#tick', () => {
    it('looks at the clock only every 32 units, so a zero-length slice pauses on each 32nd', async () => {
      const slicer = new WorkSlicer(0, 1);
      expect(await pausesIn(slicer, 100)).to.deep.equal([32, 64, 96]);
      expect(slicer.yields).to.equal(3);
    });

    it('never pauses while the slice lasts', async () => {
      const slicer = new WorkSlicer(Number.POSITIVE_INFINITY);
      expect(await pausesIn(slicer, 1_000)).to.deep.equal([]);
      expect(slicer.yields).to.equal(0);
    });

    it('lets the event loop run at each pause', async () => {
      const slicer = new WorkSlicer(0, 1);
      let ran = false;
      setImmediate(() => {
        ran = true;
      });
      for (let i = 1; i < 32; i++) expect(slicer.tick()).to.equal(undefined);
      expect(ran).to.equal(false);
      await slicer.tick();
      expect(ran).to.equal(true);
    });
  });
});
