import type { EngineAnswer } from './askEngine.js';
import { EngineError, quoteEngineText } from './EngineError.js';

/** The Prometheus API's envelope: `{ status, data }` or `{ status: "error", errorType, error }`. */
interface Envelope {
  readonly status?: unknown;
  readonly data?: unknown;
  readonly errorType?: unknown;
  readonly error?: unknown;
}

function parsed(body: string): Envelope | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Envelope)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `data` of a successful answer; an EngineError that says what to check
 * for every other one (refused credentials, a wrong URL, the engine's own
 * `status: "error"`, a failing status, a body that is not the API's JSON).
 */
export function dataOfAnswer(answer: EngineAnswer, where: string): unknown {
  const { status } = answer;
  if (status === 401 || status === 403) {
    throw new EngineError(
      'engine_auth',
      `The engine at ${where} refused the credentials (HTTP ${status}): check GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN, or GOLDEN_SIGNALS_PROMETHEUS_USERNAME and GOLDEN_SIGNALS_PROMETHEUS_PASSWORD`,
    );
  }
  if (status === 404) {
    throw new EngineError(
      'engine_not_found',
      `${where} has no Prometheus API (HTTP 404 on /api/v1/…): check GOLDEN_SIGNALS_PROMETHEUS_URL, its port and path prefix`,
    );
  }
  const envelope = parsed(answer.body);
  if (envelope?.status === 'error') {
    const errorType = typeof envelope.errorType === 'string' ? envelope.errorType : 'unknown';
    const text = quoteEngineText(typeof envelope.error === 'string' ? envelope.error : '');
    if (errorType === 'timeout') {
      throw new EngineError(
        'engine_timeout',
        `The engine at ${where} gave up on the query (timeout: ${text}): narrow the period or the filters`,
        undefined,
        errorType,
      );
    }
    throw new EngineError(
      'engine_query_error',
      `The engine at ${where} refused the query (${errorType}: ${text})`,
      errorType === 'bad_data' ? 422 : undefined,
      errorType,
    );
  }
  if (status < 200 || status > 299) {
    throw new EngineError(
      'engine_error',
      `The engine at ${where} failed (HTTP ${status}${answer.body === '' ? '' : `: ${quoteEngineText(answer.body)}`}): check its health and logs`,
    );
  }
  if (envelope === undefined) {
    const what =
      /html/i.test(answer.contentType) || /^\s*</.test(answer.body) ? 'HTML' : 'not JSON';
    throw new EngineError(
      'engine_bad_answer',
      `The engine at ${where} answered ${what}, not the Prometheus API's JSON: check GOLDEN_SIGNALS_PROMETHEUS_URL (a UI or a proxy's login page answers HTML)`,
    );
  }
  if (envelope.status !== 'success' || !('data' in envelope)) {
    throw new EngineError(
      'engine_bad_answer',
      `The engine at ${where} answered JSON without the Prometheus API's {"status":"success","data":…}: check GOLDEN_SIGNALS_PROMETHEUS_URL`,
    );
  }
  return envelope.data;
}
