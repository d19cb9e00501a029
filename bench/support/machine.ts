/**
 * The machine a bench ran on, as bench/results.json records it (at the top
 * for the full run, and in each section's `run` key, see timedSection.ts)
 * and as the printed tables name it: CPU figures mean little without the
 * CPU (vendor, model, family numbers), its core count and how loaded it was.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseCpuInfo } from './cpuInfo.js';
import { round } from './measure.js';

/** Where Linux describes the CPU. */
const CPUINFO = '/proc/cpuinfo';

/** The machine's fixed facts (the load average is per section, see timedSection.ts). */
export interface Machine {
  readonly cpus: number;
  readonly cpu_model: string;
  /** `AMD`, `Intel`, … (the raw vendor id for others). */
  readonly cpu_vendor: string;
  readonly cpu_vendor_id: string;
  /** The family / model / stepping numbers of /proc/cpuinfo, as `lscpu` shows them. */
  readonly cpu_family: number | null;
  readonly cpu_model_number: number | null;
  readonly cpu_stepping: number | null;
  /** A virtual machine (the CPU's hypervisor flag). */
  readonly virtualized: boolean;
  readonly memory_gib: number;
  readonly node: string;
  readonly kernel: string;
}

/** This machine. */
export function machine(): Machine {
  const fallback = os.cpus()[0]?.model ?? 'unknown';
  const cpu = parseCpuInfo(existsSync(CPUINFO) ? readFileSync(CPUINFO, 'utf8') : '', fallback);
  return {
    cpus: os.cpus().length,
    cpu_model: cpu.modelName,
    cpu_vendor: cpu.vendor,
    cpu_vendor_id: cpu.vendorId,
    cpu_family: cpu.family,
    cpu_model_number: cpu.model,
    cpu_stepping: cpu.stepping,
    virtualized: cpu.virtualized,
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

/** The CPU in words: `AMD EPYC (AMD family 25 model 17 stepping 1, VM)`. */
export function cpuName(m: Machine): string {
  const numbers =
    m.cpu_family === null
      ? ''
      : ` family ${m.cpu_family} model ${m.cpu_model_number ?? '?'} stepping ${m.cpu_stepping ?? '?'}`;
  return `${m.cpu_model} (${m.cpu_vendor}${numbers}${m.virtualized ? ', VM' : ''})`;
}

/** One line naming the machine and the load average at a section's start and end. */
export function machineLine(m: Machine, loadAtStart: number[], loadAtEnd: number[]): string {
  return `${m.cpus} × ${cpuName(m)}, ${m.memory_gib} GiB, Node ${m.node}; load average ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end`;
}
