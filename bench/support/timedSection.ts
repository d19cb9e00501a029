/**
 * When a bench section ran and how busy the machine was while it did: other
 * work shares the cores, so every CPU figure is read beside the load average
 * at its start and end.
 */
import os from 'node:os';
import { round } from './measure.js';

/** When a section ran and how busy the machine was (other work shares its cores). */
export interface SectionRun {
  readonly date: string;
  readonly seconds: number;
  readonly load_average_at_start: number[];
  readonly load_average_at_end: number[];
}

/** The 1, 5 and 15 minute load averages now, to two decimals. */
export const loadAverage = (): number[] => os.loadavg().map((l) => round(l, 2));

/** Runs `fn` and adds a `run` key: its date, duration and the load average around it. */
export async function timed<T>(fn: () => Promise<T>): Promise<T & { run: SectionRun }> {
  const date = new Date().toISOString();
  const started = performance.now();
  const load_average_at_start = loadAverage();
  const result = await fn();
  const seconds = round((performance.now() - started) / 1000, 1);
  return {
    ...result,
    run: { date, seconds, load_average_at_start, load_average_at_end: loadAverage() },
  };
}
