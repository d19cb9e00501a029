import type { InstanceStatus } from '../reportInputs/InstanceStatus.js';
import { CONTROL_CHARACTERS, MAX_SOURCE_PARAM_LENGTH } from '../reportInputs/sourceNameLimits.js';

const SATURATION_KEYS = [
  'event_loop_delay_p99_ms',
  'event_loop_utilization',
  'heap_used_bytes',
  'rss_bytes',
] as const;
const FORWARDED_KEYS = ['exported', 'failed', 'dropped', 'pending'] as const;

function isName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_SOURCE_PARAM_LENGTH &&
    !CONTROL_CHARACTERS.test(value)
  );
}

function numbers<K extends string>(
  value: unknown,
  keys: readonly K[],
  what: string,
): Record<K, number> | string {
  if (typeof value !== 'object' || value === null) return `${what} must be an object`;
  const out = {} as Record<K, number>;
  for (const key of keys) {
    const n = (value as Record<string, unknown>)[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      return `${what}.${key} must be a finite number >= 0`;
    }
    out[key] = n;
  }
  return out;
}

/** Checks a parsed JSON body; returns the status, or what is wrong with it. */
export function parseInstanceStatus(body: unknown): InstanceStatus | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'the body must be a JSON object';
  }
  const { service, instance, saturation, forwarded, active_requests } = body as Record<
    string,
    unknown
  >;
  if (!isName(service))
    return `service must be a string of 1-${MAX_SOURCE_PARAM_LENGTH} characters`;
  if (!isName(instance))
    return `instance must be a string of 1-${MAX_SOURCE_PARAM_LENGTH} characters`;
  const s = numbers(saturation, SATURATION_KEYS, 'saturation');
  if (typeof s === 'string') return s;
  const f = numbers(forwarded, FORWARDED_KEYS, 'forwarded');
  if (typeof f === 'string') return f;
  if (active_requests === undefined) return { service, instance, saturation: s, forwarded: f };
  if (!Number.isSafeInteger(active_requests) || (active_requests as number) < 0) {
    return 'active_requests must be a whole number >= 0';
  }
  return {
    service,
    instance,
    saturation: s,
    forwarded: f,
    active_requests: active_requests as number,
  };
}
