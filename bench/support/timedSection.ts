/**
 * When a bench section ran, on what machine and how busy it was while it
 * did: other work shares the cores, so every CPU figure is read beside the
 * machine and the load average at its start and end. Sections written by
 * scripts of their own (bench/http/run.ts, bench/cluster/run.ts, …) may come
 * from another machine than the rest of bench/results.json; the machine in
 * each section's `run` key says so, and docs/benchmarks.md flags it.
 */
import os from 'node:os';
import { type Machine, machine } from './machine.js';
import { round } from './measure.js';

/** When a section ran, on what, and how busy the machine was (other work shares its cores). */
export interface SectionRun {
  readonly date: string;
  readonly seconds: number;
  readonly load_average_at_start: number[];
  readonly load_average_at_end: number[];
  readonly machine: Machine;
}

/** The 1, 5 and 15 minute load averages now, to two decimals. */
export const loadAverage = (): number[] => os.loadavg().map((l) => round(l, 2));

/** Runs `fn` and adds a `run` key: its date, duration, machine and the load average around it. */
export async function timed<T>(fn: () => Promise<T>): Promise<T & { run: SectionRun }> {
  const date = new Date().toISOString();
  const started = performance.now();
  const load_average_at_start = loadAverage();
  const result = await fn();
  const seconds = round((performance.now() - started) / 1000, 1);
  return {
    ...result,
    run: {
      date,
      seconds,
      load_average_at_start,
      load_average_at_end: loadAverage(),
      machine: machine(),
    },
  };
}
