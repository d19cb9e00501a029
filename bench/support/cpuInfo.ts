/**
 * The CPU as Linux's /proc/cpuinfo names it: vendor, model name and the
 * family / model / stepping numbers `lscpu` shows. Two CPUs sold under one
 * name ("AMD EPYC", "Intel Xeon Processor" in a cloud VM) can be
 * generations apart; the numbers tell them apart.
 */

/** What /proc/cpuinfo says of the first CPU. */
export interface CpuInfo {
  /** The vendor's short name: `AMD`, `Intel`, or the raw vendor id for others. */
  readonly vendor: string;
  /** The raw vendor id (`AuthenticAMD`, `GenuineIntel`), or `unknown`. */
  readonly vendorId: string;
  readonly modelName: string;
  readonly family: number | null;
  readonly model: number | null;
  readonly stepping: number | null;
  /** True when the CPU flags say a hypervisor runs the machine (a VM). */
  readonly virtualized: boolean;
}

/** The short vendor names of the common vendor ids. */
const VENDORS: Readonly<Record<string, string>> = {
  AuthenticAMD: 'AMD',
  GenuineIntel: 'Intel',
  HygonGenuine: 'Hygon',
  CentaurHauls: 'Centaur',
};

/** The vendor a model name implies, for machines whose cpuinfo has no vendor id (some ARM ones). */
export function vendorOfModelName(modelName: string): string | undefined {
  if (/\bAMD\b/i.test(modelName)) return 'AMD';
  if (/\bIntel\b/i.test(modelName)) return 'Intel';
  return undefined;
}

/** Parses the text of /proc/cpuinfo (its first processor's block); `fallbackModel` when it names none. */
export function parseCpuInfo(text: string, fallbackModel = 'unknown'): CpuInfo {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const fields = new Map<string, string>();
  for (const line of first.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const int = (key: string) => {
    const n = Number.parseInt(fields.get(key) ?? '', 10);
    return Number.isInteger(n) ? n : null;
  };
  const vendorId = fields.get('vendor_id') ?? 'unknown';
  const modelName = fields.get('model name') ?? fallbackModel;
  return {
    vendor: VENDORS[vendorId] ?? vendorOfModelName(modelName) ?? vendorId,
    vendorId,
    modelName,
    family: int('cpu family'),
    model: int('model'),
    stepping: int('stepping'),
    virtualized: (fields.get('flags') ?? '').split(' ').includes('hypervisor'),
  };
}
