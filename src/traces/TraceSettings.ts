import { DEFAULT_TRACE_LIMIT } from './TraceRing.js';

/** Most traces `GOLDEN_SIGNALS_TRACE_LIMIT` may ask for. */
export const MAX_TRACE_LIMIT = 100_000;

/** Settings of the recent-trace view, parsed once from the environment. */
export interface TraceSettings {
  /** `GOLDEN_SIGNALS_TRACE_LIMIT`: traces held (0: none). */
  readonly traceLimit: number;
  /**
   * Where the OTLP exporter sends traces, when `otlp` is among the trace
   * exporters: shown by the 404 of a trace no longer held. Read as the
   * exporter does (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else its default).
   */
  readonly otlpTracesEndpoint: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Parses the trace variables; `fail` builds the error to throw, naming the variable. */
export function traceSettingsOf(
  env: Env,
  otlpOn: boolean,
  grpc: boolean,
  fail: (message: string) => Error,
): TraceSettings {
  const text = read(env, 'GOLDEN_SIGNALS_TRACE_LIMIT');
  const limit =
    text === undefined ? DEFAULT_TRACE_LIMIT : /^[0-9]{1,6}$/.test(text) ? Number(text) : -1;
  if (limit < 0 || limit > MAX_TRACE_LIMIT) {
    throw fail(
      `GOLDEN_SIGNALS_TRACE_LIMIT must be an integer from 0 to ${MAX_TRACE_LIMIT}, got: ${text}`,
    );
  }
  let endpoint: string | undefined;
  if (otlpOn) {
    const base = read(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
    endpoint =
      read(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
      (grpc
        ? (base ?? 'http://localhost:4317')
        : base === undefined
          ? 'http://localhost:4318/v1/traces'
          : `${base.replace(/\/+$/, '')}/v1/traces`);
  }
  return Object.freeze({ traceLimit: limit, otlpTracesEndpoint: endpoint });
}
