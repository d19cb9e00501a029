import http from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import { EngineError } from './EngineError.js';

/** Longest GET URL sent; a longer question goes as a POST form (every engine takes both). */
export const MAX_GET_URL_LENGTH = 4_096;

/** Where and how questions go: built once per client. */
export interface EngineTarget {
  /** The API's base URL, no trailing `/`. */
  readonly url: string;
  /** The keep-alive agent (TLS settings included for https). */
  readonly agent: http.Agent;
  /** Headers sent with every question (`Authorization` included): a function, so that printing the target shows no secret. */
  readonly headers: () => Readonly<Record<string, string>>;
  /** Deadline of one question, connect to last byte. */
  readonly timeoutMs: number;
  /** The most bytes read, as received and after gunzip. */
  readonly maxResponseBytes: number;
}

/** The engine's raw answer: status, content type and body text. */
export interface EngineAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** TLS failures: an untrusted, expired or mismatched certificate, or no TLS at all on the other side. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Why a request failed, as an EngineError that says what to check. */
function transportError(
  err: unknown,
  where: string,
  timedOut: boolean,
  timeoutMs: number,
): EngineError {
  if (timedOut) {
    return new EngineError(
      'engine_timeout',
      `The engine at ${where} did not answer within ${timeoutMs} ms: check that it is healthy, or raise GOLDEN_SIGNALS_PROMETHEUS_TIMEOUT_MS`,
    );
  }
  if (err instanceof EngineError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  const text = typeof code === 'string' ? code : err instanceof Error ? err.message : 'unknown';
  if (typeof code === 'string' && TLS_CODES.has(code)) {
    return new EngineError(
      'engine_tls',
      `The TLS handshake with ${where} failed (${code}): give its CA in GOLDEN_SIGNALS_PROMETHEUS_CA_FILE, or check the URL's scheme and host name`,
    );
  }
  return new EngineError(
    'engine_unreachable',
    `The engine at ${where} is unreachable (${text}): check GOLDEN_SIGNALS_PROMETHEUS_URL and that the engine runs`,
  );
}

/**
 * Sends one question (`path` under the API's base, form `params`) and reads
 * the whole answer, bounded in time and size. Never rejects with anything
 * but an EngineError; never throws synchronously.
 */
export function askEngine(
  target: EngineTarget,
  path: string,
  params: URLSearchParams,
): Promise<EngineAnswer> {
  const form = params.toString();
  const base = `${target.url}${path}`;
  const where = target.url;
  const post = base.length + 1 + form.length > MAX_GET_URL_LENGTH;
  return new Promise<EngineAnswer>((resolve, reject) => {
    let settled = false;
    let timedOut = false;
    const chunks: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(transportError(err, where, timedOut, target.timeoutMs));
    };
    const tooLarge = () =>
      fail(
        new EngineError(
          'engine_too_large',
          `The engine at ${where} answered more than ${target.maxResponseBytes} bytes: narrow the period or the filters, or raise GOLDEN_SIGNALS_PROMETHEUS_MAX_RESPONSE_BYTES`,
        ),
      );
    const url = post ? base : form === '' ? base : `${base}?${form}`;
    const headers: Record<string, string> = {
      ...target.headers(),
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'user-agent': 'golden-signals',
    };
    if (post) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(form));
    }
    const send = url.startsWith('https:') ? https.request : http.request;
    let req: http.ClientRequest;
    try {
      req = send(url, { method: post ? 'POST' : 'GET', headers, agent: target.agent });
    } catch (err) {
      reject(transportError(err, where, false, target.timeoutMs));
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      fail(undefined);
    }, target.timeoutMs);
    timer.unref?.();
    req.on('error', fail);
    req.on('response', (res) => {
      res.on('error', fail);
      const declared = Number(res.headers['content-length']);
      if (declared > target.maxResponseBytes) {
        tooLarge();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > target.maxResponseBytes) tooLarge();
      });
      const gzip = /\bgzip\b/i.test(res.headers['content-encoding'] ?? '');
      const body = gzip ? res.pipe(createGunzip()) : res;
      if (gzip) {
        body.on('error', () =>
          fail(
            new EngineError(
              'engine_bad_answer',
              `The engine at ${where} sent a corrupt gzip answer`,
            ),
          ),
        );
      }
      body.on('data', (chunk: Buffer) => {
        if (settled) return;
        decoded += chunk.length;
        if (decoded > target.maxResponseBytes) {
          tooLarge();
          return;
        }
        chunks.push(chunk);
      });
      body.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('close', () => {
        if (!res.complete) fail(new Error('the connection closed mid-answer'));
      });
    });
    req.end(post ? form : undefined);
  });
}
