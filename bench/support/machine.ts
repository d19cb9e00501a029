/**
 * The machine a bench ran on, as bench/results.json records it and as the
 * printed tables name it: CPU figures mean little without the CPU, its
 * core count and how loaded it was.
 */
import os from 'node:os';
import { round } from './measure.js';

/** The machine's fixed facts (the load average is per section, see timedSection.ts). */
export interface Machine {
  readonly cpus: number;
  readonly cpu_model: string;
  readonly memory_gib: number;
  readonly node: string;
}

/** This machine. */
export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}

/** One line naming the machine and the load average at a section's start and end. */
export function machineLine(m: Machine, loadAtStart: number[], loadAtEnd: number[]): string {
  return `${m.cpus} × ${m.cpu_model}, ${m.memory_gib} GiB, Node ${m.node}; load average ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end`;
}
