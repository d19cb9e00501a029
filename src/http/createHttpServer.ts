import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { InternalErrors } from '../guard/InternalErrors.js';
import { trackResponses } from './responsesInFlight.js';

/** Server timeouts; see the README's configuration table. */
export interface ServerTimeouts {
  /** Longest time to receive a request's headers (cuts off slowloris clients). */
  readonly headersTimeoutMs: number;
  /** Longest time to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
}

/** Defaults: generous for real clients, short enough that idle or dribbling sockets do not pile up. */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
});

/** How many connections a server holds, and how long a silent new one may wait. */
export interface ConnectionLimits {
  /** A connection that sends no byte this long after it opened is closed (Node's timeouts start at the first byte). */
  readonly firstByteTimeoutMs: number;
  /** Past this many open connections a new one is closed at once, and the server emits `drop`. */
  readonly maxConnections: number;
}

/** Largest request head accepted (Node's default); larger ones get a JSON 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad request',
  408: 'Request timeout',
  413: 'Payload too large',
  431: 'Request header fields too large',
};

/** The status for a parser error Node reports before any request exists. */
function statusOf(err: NodeJS.ErrnoException): number {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

/**
 * Answers a request Node could not parse (oversized headers, garbage,
 * timeouts) with the same JSON error shape as the app, instead of Node's bare
 * status line, then closes the connection.
 */
function answerClientError(
  err: NodeJS.ErrnoException,
  socket: Duplex,
  served: WeakSet<object>,
): void {
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
 * Closes a connection that sent nothing within `limits.firstByteTimeoutMs`:
 * Node's headers timeout only starts at the first byte, so a silent socket
 * would stay open for good. The socket's inactivity timer does it; the
 * parser refreshes it as bytes arrive, and the first request clears it, so
 * from then on Node's own headers, request and keep-alive timeouts rule.
 */
function limitConnections(server: http.Server, limits: ConnectionLimits): void {
  if (Number.isFinite(limits.maxConnections)) server.maxConnections = limits.maxConnections;
  server.on('connection', (socket: Socket) => socket.setTimeout(limits.firstByteTimeoutMs));
  // Node destroys a socket whose timer fires when nobody listens for `timeout`.
  server.on('request', (req: http.IncomingMessage) => req.socket.setTimeout(0));
}

/**
 * The HTTP server for a request handler, with timeouts set: headers,
 * whole request and keep-alive. Node checks the first two on an interval,
 * which is set to a fraction of the headers timeout so a slow client is cut
 * off close to its deadline. With `limits`, also a first-byte timeout and a
 * cap on open connections; without, Node's defaults.
 */
export function createHttpServer(
  handler: http.RequestListener,
  timeouts: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS,
  limits?: ConnectionLimits,
  /** Counts a failure of our own `clientError` answer (`http.client_error`); the socket is then destroyed. */
  guard?: Pick<InternalErrors, 'record'>,
): http.Server {
  const server = http.createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, timeouts.headersTimeoutMs / 4)),
    },
    handler,
  );
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  const served = new WeakSet<object>();
  server.on('request', (req: http.IncomingMessage) => served.add(req.socket));
  trackResponses(server);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    try {
      answerClientError(err, socket, served);
    } catch (failure) {
      guard?.record('http.client_error', failure);
      socket.destroy();
    }
  });
  if (limits !== undefined) limitConnections(server, limits);
  return server;
}
