import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { DEFAULT_FRAMEWORK_OPTIONS } from '../../../bench/http/frameworkBench.js';
import { DEFAULT_HTTP_OPTIONS, httpSection } from '../../../bench/http/httpBench.js';
import type { ProcessSamples } from '../../../bench/http/processRounds.js';
import { summarizeRows } from '../../../bench/http/summarizeRows.js';
import { FRAMEWORKS, VARIANTS } from '../../../bench/http/variants.js';
import { keyPaths, missingKeyPaths } from '../../../bench/support/keyPaths.js';
import { machine } from '../../../bench/support/machine.js';

/** The committed full run: every key of it must stay, so earlier figures remain comparable. */
const committed = JSON.parse(
  readFileSync(new URL('../../../../bench/results.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** Two rounds of made-up runs for each of `processes` processes of every variant. */
function samples<K extends string>(
  variants: readonly { key: K }[],
  processes: number,
): ProcessSamples<K>[] {
  return Array.from({ length: processes }, () => variants)
    .flat()
    .map((v, i) => ({
      key: v.key,
      samples: [0, 1].map((round) => ({ round, rps: 1000 + i, requests: 1000, cpuMicros: 5e4 })),
      final: { cpuMicros: 0, received: 2000, recorded: 2000 },
    }));
}

describe('bench results keys', () => {
  describe('#keyPaths', () => {
    it('lists the path of every leaf, arrays and empty objects as leaves', () => {
      expect(keyPaths({ a: { b: 1, c: [1, 2] }, d: 'x', e: {} })).to.deep.equal([
        'a.b',
        'a.c',
        'd',
        'e',
      ]);
    });
  });

  describe('#missingKeyPaths', () => {
    it('names the paths the new object lacks, not the ones it adds', () => {
      const previous = { http: { rps: 1, ratio: 0.5 }, store: { mb: 28 } };
      const next = { http: { rps: 2, cpu: { us: 3 } }, store: { mb: 20 } };
      expect(missingKeyPaths(previous, next)).to.deep.equal(['http.ratio']);
    });

    it('keeps a leaf that became an object with more detail', () => {
      expect(missingKeyPaths({ a: { b: 1 } }, { a: { b: { median: 1 } } })).to.deep.equal([]);
    });

    it('leaves out the sections a run skips', () => {
      expect(
        missingKeyPaths({ store: { mb: 28 }, http: {} }, { http: {} }, ['store']),
      ).to.deep.equal([]);
    });
  });

  describe('the committed bench/results.json', () => {
    it('has its HTTP keys (a real file to compare against)', () => {
      expect(keyPaths(committed.http)).to.include('variants.plain.cpu_us_per_request');
    });

    it('keeps every key of its Koa rows in what httpSection writes now', () => {
      const rows = summarizeRows(VARIANTS, samples(VARIANTS, 3), 2);
      const run = {
        date: '',
        seconds: 1,
        load_average_at_start: [1],
        load_average_at_end: [1],
        machine: machine(),
      };
      const section = httpSection(rows, DEFAULT_HTTP_OPTIONS, run);
      expect(missingKeyPaths(committed.http, section)).to.deep.equal([]);
    });

    it('keeps every key of its per-framework rows in what summarizeRows writes now', () => {
      const now: Record<string, unknown> = {
        options: { route: 'GET /items/:id', ...DEFAULT_FRAMEWORK_OPTIONS },
      };
      for (const f of FRAMEWORKS) {
        now[f.name] = {
          label: f.label,
          baseline: f.variants[0]?.key,
          variants: summarizeRows(f.variants, samples(f.variants, 3), 2),
        };
      }
      expect(missingKeyPaths(committed.http_frameworks, now)).to.deep.equal([]);
    });
  });
});
