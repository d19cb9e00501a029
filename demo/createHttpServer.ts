import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { trackResponses } from './closeGracefully.js';

/** The demo server's timeouts (`HEADERS_TIMEOUT_MS`, `REQUEST_TIMEOUT_MS`, `KEEP_ALIVE_TIMEOUT_MS`). */
export interface ServerTimeouts {
  /** Longest time to receive a request's headers (cuts off slowloris clients). */
  readonly headersTimeoutMs: number;
  /** Longest time to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
}

/** Largest request head accepted (Node's default); larger ones get a JSON 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad request',
  408: 'Request timeout',
  431: 'Request header fields too large',
};

function statusOf(err: NodeJS.ErrnoException): number {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * Answers a request Node could not parse (oversized headers, garbage,
 * timeouts) with the app's JSON error shape instead of Node's bare status
 * line, then closes the connection.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, served: WeakSet<object>) {
  const current = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  // Raw bytes would corrupt a response the app has started, or trail one that
  // already ended (e.g. the unread body of a finished request parsed as a new one).
  const answered = current ? current.headersSent === true : served.has(socket);
  if (!socket.writable || answered || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = statusOf(err);
  const reason = REASONS[status] ?? 'Bad request';
  const body = JSON.stringify({ error: reason });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The demo's HTTP server for `handler`, with headers, whole-request and
 * keep-alive timeouts (Node checks the first two on an interval, a fraction
 * of the headers timeout, so a slow client is cut off close to its deadline),
 * JSON answers to requests Node cannot parse, and its responses tracked for
 * `closeGracefully`. With `firstByteTimeoutMs`, a connection that sends
 * nothing that long is closed: Node's timeouts only start at the first byte.
 */
export function createHttpServer(
  handler: http.RequestListener,
  timeouts: ServerTimeouts,
  firstByteTimeoutMs?: number,
): http.Server {
  const server = http.createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, timeouts.headersTimeoutMs / 4)),
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    },
    handler,
  );
  const served = new WeakSet<object>();
  server.on('request', (req: http.IncomingMessage) => served.add(req.socket));
  trackResponses(server);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    try {
      answerClientError(err, socket, served);
    } catch {
      socket.destroy();
    }
  });
  if (firstByteTimeoutMs !== undefined) {
    // The socket's inactivity timer: the parser refreshes it as bytes arrive, the first request clears it.
    server.on('connection', (socket: Socket) => socket.setTimeout(firstByteTimeoutMs));
    // Node destroys a socket whose timer fires when nobody listens for `timeout`.
    server.on('request', (req: http.IncomingMessage) => req.socket.setTimeout(0));
  }
  return server;
}
