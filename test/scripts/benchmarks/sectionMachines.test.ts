import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { BenchResults, type Json } from '../../../scripts/benchmarks/BenchResults.js';
import { costTable } from '../../../scripts/benchmarks/costTable.js';
import { renderBenchmarksDoc } from '../../../scripts/benchmarks/renderBenchmarksDoc.js';
import {
  machineNote,
  machineWords,
  sameMachine,
  sectionCpu,
  sectionMachine,
} from '../../../scripts/benchmarks/sectionMachines.js';

// dist/test/scripts/benchmarks/ → the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const committed = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf8')) as {
  [key: string]: Json;
};

const INTEL = { cpus: 2, cpu_model: 'Intel(R) Xeon(R) Processor', memory_gib: 23.5, node: 'v20' };
const AMD = {
  cpus: 2,
  cpu_model: 'AMD EPYC',
  cpu_vendor: 'AMD',
  cpu_vendor_id: 'AuthenticAMD',
  cpu_family: 25,
  cpu_model_number: 17,
  cpu_stepping: 1,
  virtualized: true,
  memory_gib: 23.5,
  node: 'v20',
};
const run = (date: string, machine?: Json) => ({
  date,
  seconds: 10,
  load_average_at_start: [1],
  load_average_at_end: [1],
  ...(machine === undefined ? {} : { machine }),
});

/** The committed results with the full run on Intel and `sections` replaced. */
function results(sections: Record<string, Json>): BenchResults {
  return new BenchResults({
    ...committed,
    machine: { ...INTEL, load_average_at_start: [1], load_average_at_end: [1] },
    run: { date: '2026-12-01T21:38:26.009Z', seconds: 1666, quick: false },
    ...sections,
  });
}

describe('sectionMachines', () => {
  describe('#sectionMachine', () => {
    it("takes a section's own recorded machine first", () => {
      const r = results({
        http: { ...(committed.http as object), run: run('2026-12-07T17:00:00Z', AMD) },
      });
      expect(sectionMachine(r, 'http')).to.deep.equal(AMD);
      // The 1 ms rows ran in the trivial rows' processes unless they record a run of their own.
      expect(sectionCpu(r, 'http_realistic')).to.equal('AMD EPYC');
    });

    it("gives the full run's machine to a section measured within the full run", () => {
      const r = results({
        http: { ...(committed.http as object), run: run('2026-12-01T21:19:56Z') },
      });
      expect(sectionCpu(r, 'http')).to.equal('Intel Xeon');
    });

    it('gives none to a section measured apart that did not record its machine', () => {
      const r = results({
        promql: { ...(committed.promql as object), run: run('2026-12-07T15:29Z') },
      });
      expect(sectionMachine(r, 'promql')).to.equal(undefined);
      expect(machineNote(r, 'promql')).to.match(/^\*\*Machine not recorded:\*\*/);
    });
  });

  describe('#sameMachine', () => {
    it('tells CPUs apart by vendor, model name, family numbers and core count', () => {
      expect(sameMachine(AMD, { ...AMD })).to.equal(true);
      expect(sameMachine(AMD, INTEL)).to.equal(false);
      expect(sameMachine(AMD, { ...AMD, cpu_model_number: 1 })).to.equal(false);
      expect(sameMachine(AMD, { ...AMD, cpus: 4 })).to.equal(false);
      // A machine recorded before issue 26 (model name only) matches on what both say.
      expect(sameMachine({ cpus: 2, cpu_model: 'AMD EPYC' }, AMD)).to.equal(true);
    });
  });

  describe('#machineWords', () => {
    it('names the vendor, the family numbers and a VM, or the vendor the model name implies', () => {
      expect(machineWords(AMD)).to.equal(
        '2 × AMD EPYC (AMD, family 25 model 17 stepping 1, VM), Node v20',
      );
      expect(machineWords(INTEL)).to.equal('2 × Intel(R) Xeon(R) Processor (Intel), Node v20');
    });
  });

  describe('in docs/benchmarks.md and the README', () => {
    const r = results({
      http_realistic: {
        ...(committed.http_realistic as object),
        run: run('2026-12-07T17:00:00Z', AMD),
      },
    });

    it('flags a table measured on another machine than the full run, under the table and at the top', () => {
      const page = renderBenchmarksDoc(r);
      expect(page).to.include(
        '**Another machine:** measured on 2 × AMD EPYC (AMD, family 25 model 17 stepping 1, VM), Node v20, 2026-12-07 17:00 UTC, not on the Intel Xeon',
      );
      expect(page).to.match(/flagged under their tables: .*Koa, routes of about 1 ms \(AMD EPYC\)/);
      expect(page).to.match(
        /Machine of the full run: 2 × Intel\(R\) Xeon\(R\) Processor \(Intel\)/,
      );
    });

    it('names each goal and cost row by the CPU it was measured on', () => {
      expect(renderBenchmarksDoc(r)).to.match(/\| Full pipeline ÷ bare OTel .*\| Intel Xeon +\|/);
      const cost = costTable(r);
      expect(cost).to.match(/awaits 1 ms.*\| AMD EPYC +\|/);
      expect(cost).to.include('compare a row');
    });
  });
});
