import type { BenchResults, Json } from './BenchResults.js';
import { minuteUtc } from './formatFigures.js';

/**
 * Which machine each section of `bench/results.json` was measured on.
 * Sections rerun by scripts of their own (bench/http/run.ts,
 * bench/store/run.ts, …) may come from another machine than the full run
 * at the top of the file; CPU figures of two machines are not comparable
 * (issue 26: OpenTelemetry's HTTP path costs 2.2× more on one AMD EPYC than
 * on one Intel Xeon), so every table names its machine and is flagged when
 * it differs from the page's.
 */

/** A machine as the results record it: `machine`, or a section's `run.machine`. */
type MachineJson = { readonly [key: string]: Json };

/** Sections measured in the processes, and so on the machine, of another one. */
const MEASURED_WITH: Readonly<Record<string, string>> = {
  http_realistic: 'http',
  accuracy: 'store',
};

const asObject = (value: Json | undefined): MachineJson | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;

const text = (m: MachineJson, key: string): string | undefined =>
  typeof m[key] === 'string' ? (m[key] as string) : undefined;

/** The vendor of a machine: recorded, or implied by its model name (results before issue 26). */
function vendorOf(m: MachineJson): string {
  const model = text(m, 'cpu_model') ?? '';
  return (
    text(m, 'cpu_vendor') ??
    (/\bAMD\b/i.test(model) ? 'AMD' : /\bIntel\b/i.test(model) ? 'Intel' : 'unknown vendor')
  );
}

/** The CPU in a few words: `Intel Xeon`, `AMD EPYC 7B13`. */
export function shortCpu(m: MachineJson): string {
  return (text(m, 'cpu_model') ?? 'unknown CPU')
    .replace(/\((R|TM)\)/gi, '')
    .replace(/\bProcessor\b|\bCPU\b.*$/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The machine in words: `2 × AMD EPYC (AMD, family 25 model 17 stepping 1, VM), Node v20.20.2`. */
export function machineWords(m: MachineJson): string {
  const numbers =
    typeof m.cpu_family === 'number'
      ? `, family ${m.cpu_family} model ${m.cpu_model_number ?? '?'} stepping ${m.cpu_stepping ?? '?'}`
      : '';
  const vm = m.virtualized === true ? ', VM' : '';
  const node = text(m, 'node') === undefined ? '' : `, Node ${text(m, 'node')}`;
  return `${m.cpus ?? '?'} × ${text(m, 'cpu_model') ?? 'unknown CPU'} (${vendorOf(m)}${numbers}${vm})${node}`;
}

/** Two machines are one when their CPU (vendor, model name and numbers when both have them) and core count are. */
export function sameMachine(a: MachineJson, b: MachineJson): boolean {
  const numbers = (m: MachineJson) => [m.cpu_family, m.cpu_model_number, m.cpu_stepping].join('/');
  const bothNumbered = typeof a.cpu_family === 'number' && typeof b.cpu_family === 'number';
  return (
    a.cpus === b.cpus &&
    text(a, 'cpu_model') === text(b, 'cpu_model') &&
    vendorOf(a) === vendorOf(b) &&
    (!bothNumbered || numbers(a) === numbers(b))
  );
}

/** The full run's machine: the top `machine` key. */
export function pageMachine(results: BenchResults): MachineJson | undefined {
  return asObject(results.find('machine'));
}

/** Whether an ISO date falls within the full run (`run.date` is its end, `run.seconds` its length). */
function withinFullRun(results: BenchResults, date: string): boolean {
  const end = results.find('run', 'date');
  const seconds = results.find('run', 'seconds');
  if (typeof end !== 'string' || typeof seconds !== 'number') return false;
  const at = Date.parse(date);
  const endMs = Date.parse(end);
  return at <= endMs && at >= endMs - seconds * 1000;
}

/**
 * The machine `section` was measured on: its `run.machine`; else the CPU
 * its `run` names (store and dependency runs before issue 26); else the full
 * run's, when the section ran within the full run or has no date; else
 * undefined (measured apart, machine not recorded).
 */
export function sectionMachine(results: BenchResults, section: string): MachineJson | undefined {
  const own = MEASURED_WITH[section];
  if (own !== undefined && asObject(results.find(section, 'run')) === undefined)
    return sectionMachine(results, own);
  const run = asObject(results.find(section, 'run'));
  const recorded = asObject(run?.machine);
  if (recorded !== undefined) return recorded;
  if (run !== undefined && typeof run.cpu_model === 'string') return run;
  const date = run?.date;
  if (typeof date !== 'string' || withinFullRun(results, date)) return pageMachine(results);
  return undefined;
}

/** The date a section was measured, when it says. */
function sectionDate(results: BenchResults, section: string): string | undefined {
  const own = MEASURED_WITH[section];
  const date = results.find(section, 'run', 'date');
  if (typeof date === 'string') return date;
  return own === undefined ? undefined : sectionDate(results, own);
}

/** A short name of the section's machine, for a table column: `Intel Xeon`, `AMD EPYC`, `not recorded`. */
export function sectionCpu(results: BenchResults, section: string): string {
  const m = sectionMachine(results, section);
  return m === undefined ? 'not recorded' : shortCpu(m);
}

/** Whether `section` was measured on the page's machine (false when unknown). */
export function onPageMachine(results: BenchResults, section: string): boolean {
  const m = sectionMachine(results, section);
  const page = pageMachine(results);
  return m !== undefined && page !== undefined && sameMachine(m, page);
}

/**
 * The line under a table of `section`: the machine it was measured on, and
 * a warning when that is not the page's machine or was not recorded.
 */
export function machineNote(results: BenchResults, section: string): string {
  const m = sectionMachine(results, section);
  const page = pageMachine(results);
  const date = sectionDate(results, section);
  const when = date === undefined ? '' : `, ${minuteUtc(date)}`;
  if (m === undefined) {
    return `**Machine not recorded:** measured apart from the full run${when}, before the bench named the machine of each section; do not compare its figures with another table's.`;
  }
  if (page !== undefined && !sameMachine(m, page)) {
    return `**Another machine:** measured on ${machineWords(m)}${when}, not on the ${shortCpu(page)} of the full run at the top of this page; compare its figures only with each other.`;
  }
  return `Measured on ${machineWords(m)}${when}.`;
}

/** The machine lines of tables shown together: one line when they share it, else one per `label: section`. */
export function machineNotes(
  results: BenchResults,
  sections: readonly (readonly [label: string, section: string])[],
): string {
  const notes = sections.map(([label, section]) => [label, machineNote(results, section)]);
  const distinct = new Set(notes.map(([, note]) => note));
  return distinct.size === 1
    ? (notes[0]?.[1] ?? '')
    : notes.map(([label, note]) => `${label}: ${note}`).join('\n\n');
}
