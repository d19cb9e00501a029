/**
 * Why a question to the Prometheus-compatible engine got no usable answer.
 * The `code` is stable (clients may switch on it); the message says what to
 * check and never carries a credential.
 */
export const ENGINE_ERROR_STATUS = Object.freeze({
  /** Nothing answered at the URL: refused, no route, DNS, reset before an answer. */
  engine_unreachable: 503,
  /** No (complete) answer within `GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS`, or the engine's own query timeout. */
  engine_timeout: 504,
  /** The engine said 401 or 403: the bearer token or basic-auth credentials are missing or refused. */
  engine_auth: 502,
  /** The TLS handshake failed: an untrusted or mismatched certificate. */
  engine_tls: 502,
  /** 404: the URL is not a Prometheus HTTP API (wrong path prefix or port). */
  engine_not_found: 502,
  /** An answer that is not the Prometheus API's JSON: HTML, another shape, non-numeric values. */
  engine_bad_answer: 502,
  /** The engine refused the query (`status: "error"`); 422 when it says the query was bad data. */
  engine_query_error: 502,
  /** An answer past `GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES`. */
  engine_too_large: 502,
  /** Any other failing status (5xx, 429, …). */
  engine_error: 502,
} as const);

/** The stable codes of {@link EngineError}. */
export type EngineErrorCode = keyof typeof ENGINE_ERROR_STATUS;

/** The longest engine text (its `error` field, a body excerpt) a message quotes. */
export const MAX_QUOTED_ENGINE_TEXT = 300;

/** An engine's own text, on one line and bounded, for a message. */
export function quoteEngineText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUOTED_ENGINE_TEXT ? `${line.slice(0, MAX_QUOTED_ENGINE_TEXT)}…` : line;
}

/** A failed question to the engine: its stable code and the HTTP status our answer takes. */
export class EngineError extends Error {
  override name = 'EngineError';
  /** The HTTP status our own answer should carry (502, 503, 504, or 422). */
  readonly status: number;

  constructor(
    /** The stable code, such as `engine_unreachable`. */
    readonly code: EngineErrorCode,
    message: string,
    /** Overrides the code's usual status (only `engine_query_error` uses 422). */
    status?: number,
    /** The engine's own `errorType`, when it said one. */
    readonly engineErrorType?: string,
  ) {
    super(message);
    this.status = status ?? ENGINE_ERROR_STATUS[code];
  }

  /** The JSON body our API answers with: `{ error, code }`. */
  toJSON(): { readonly error: string; readonly code: EngineErrorCode } {
    return { error: this.message, code: this.code };
  }
}
