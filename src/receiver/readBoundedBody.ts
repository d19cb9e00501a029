import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ReceiverRejection } from './ReceiverRejection.js';

/** How a body is read. */
export interface BodyReadOptions {
  /** Largest body, as sent and after gunzip. */
  readonly maxBytes: number;
  /** Longest time for the whole body. */
  readonly timeoutMs: number;
  /** `Content-Encoding: gzip`: inflate as it streams in. */
  readonly gzip: boolean;
}

const tooLarge = (maxBytes: number, what: string) =>
  new ReceiverRejection(
    413,
    'too_large',
    `Request body ${what} is over the limit of ${maxBytes} bytes`,
  );

/**
 * Reads a request body into one buffer, never holding more than
 * `maxBytes` (plus one chunk): a declared `Content-Length` over the limit
 * is refused before a byte is read, the bytes on the wire are counted as
 * they arrive, and a gzip body is inflated as a stream whose output is
 * counted too, so a small bomb stops at the limit instead of expanding.
 * Rejects with a {@link ReceiverRejection}: 413 over the limit, 400 for a
 * corrupt gzip stream or an aborted request, 408 past the timeout. On
 * rejection the request stream is left unread: the caller closes the
 * connection.
 */
export function readBoundedBody(req: IncomingMessage, options: BodyReadOptions): Promise<Buffer> {
  const { maxBytes } = options;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(tooLarge(maxBytes, 'length'));
  }
  return new Promise((resolve, reject) => {
    const gunzip = options.gzip ? createGunzip() : undefined;
    const source: Readable = gunzip ?? req;
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    const finish = (err: ReceiverRejection | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onWire);
      source.off('data', onBody);
      if (gunzip !== undefined) {
        req.unpipe(gunzip);
        // Stop inflating now: whatever is buffered is never expanded.
        gunzip.destroy();
      }
      if (err === undefined) resolve(Buffer.concat(chunks, bodyBytes));
      else {
        req.pause();
        reject(err);
      }
    };
    const onWire = (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) finish(tooLarge(maxBytes, 'as sent'));
    };
    const onBody = (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > maxBytes) finish(tooLarge(maxBytes, gunzip ? 'after gunzip' : 'as sent'));
      else chunks.push(chunk);
    };
    const timer = setTimeout(
      () =>
        finish(
          new ReceiverRejection(
            408,
            'timeout',
            `Request body not received within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    timer.unref();
    if (gunzip !== undefined) {
      req.on('data', onWire);
      gunzip.on('error', () =>
        finish(new ReceiverRejection(400, 'malformed', 'Body is not valid gzip')),
      );
      req.pipe(gunzip);
    }
    source.on('data', onBody);
    source.once('end', () => finish(undefined));
    req.once('aborted', () => finish(new ReceiverRejection(400, 'malformed', 'Request aborted')));
    req.once('error', () => finish(new ReceiverRejection(400, 'malformed', 'Request aborted')));
  });
}
