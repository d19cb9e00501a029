import { expect } from 'chai';
import { pairedOverBaseline } from '../../../bench/http/pairedOverBaseline.js';
import type { ProcessSamples } from '../../../bench/http/processRounds.js';

/** A process whose round r costs `perRequest[r]` µs for each of 1,000 requests. */
function proc(
  key: 'plain' | 'ours',
  perRequest: readonly number[],
): ProcessSamples<'plain' | 'ours'> {
  return {
    key,
    samples: perRequest.map((us, round) => ({
      round,
      rps: 1000,
      requests: 1000,
      cpuMicros: us * 1000,
    })),
    final: { cpuMicros: 0, received: 1000 * perRequest.length, recorded: -1 },
  };
}

describe('pairedOverBaseline', () => {
  it('divides each run by the baseline run of the same process index and round, then takes the median', () => {
    const paired = pairedOverBaseline(
      [
        proc('plain', [100, 200]),
        proc('plain', [150, 100]),
        proc('ours', [150, 300]),
        proc('ours', [225, 150]),
      ],
      'ours',
      'plain',
    );
    expect(paired).to.deep.equal({ pct: 50, pctP25: 50, pctP75: 50, us: 50, pairs: 4 });
  });

  it('cancels what the machine does to both members of a pair, where whole-run medians do not', () => {
    // The machine is slow in round 1 and fast in round 0; ours costs 20% more in both.
    const processes = [
      proc('plain', [100, 300]),
      proc('ours', [120, 360]),
      proc('plain', [100, 300]),
      proc('ours', [120, 360]),
      proc('plain', [300, 100]),
      proc('ours', [360, 120]),
    ];
    expect(pairedOverBaseline(processes, 'ours', 'plain').pct).to.be.closeTo(20, 1e-9);
  });

  it('gives NaN without pairs', () => {
    const paired = pairedOverBaseline([proc('ours', [100])], 'ours', 'plain');
    expect(paired.pairs).to.equal(0);
    expect(paired.pct).to.be.NaN;
  });
});
