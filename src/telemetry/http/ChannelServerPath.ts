import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { context as api, type Context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { InternalErrors } from '../../guard/InternalErrors.js';
import { type Emit, type Exchange, exchangeOf } from './LeanExchange.js';

/** Published by Node's `_http_server` right before it emits `request`, in the same execution. */
export const REQUEST_START_CHANNEL = 'http.server.request.start';
/** Published by Node's `_http_server` when a response finished (before its `close`). */
export const RESPONSE_FINISH_CHANNEL = 'http.server.response.finish';

/** The message of both channels (Node 20.6 and later). */
interface ServerMessage {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly socket: Socket;
  readonly server: Server;
}

/** What the channel path asks of the instrumentation that owns it. */
export interface ChannelServerHost {
  /**
   * Opens the request's span and watches its response (`close`, errors),
   * and returns the context the app's handler must run in; or the
   * suppressed context of an ignored request.
   */
  openChannelExchange(
    request: IncomingMessage,
    response: ServerResponse,
    server: Server,
    https: boolean,
  ): Context;
  /** Counts what the path catches. */
  readonly guard: InternalErrors;
}

/** RFC 7231's `100-continue` expectation, as Node's `_http_server` matches it. */
const CONTINUE_EXPECTATION = /(?:^|\W)100-continue(?:$|\W)/i;

/**
 * Whether Node will emit `request` for this request after the start message.
 * Node answers some requests itself (400 to an HTTP/1.1 request without
 * Host, 417 to an unknown expectation) or emits another event
 * (`checkContinue`, `checkExpectation`); the stock path, which patches
 * `emit('request')`, makes no span for those, so neither does this one.
 * Only `maxRequestsPerSocket` drops (a 503 and `dropRequest`) cannot be told
 * apart here: they get a span the stock path would not make.
 */
export function emitsRequest(request: IncomingMessage, server: Server): boolean {
  if (request.httpVersionMajor !== 1 || request.httpVersionMinor !== 1) return true;
  const headers = request.headers;
  if ((server as { requireHostHeader?: boolean }).requireHostHeader && headers.host === undefined) {
    return false;
  }
  const expect = headers.expect;
  if (expect === undefined) return true;
  return CONTINUE_EXPECTATION.test(expect) && server.listenerCount('checkContinue') === 0;
}

/**
 * A request the lean split is not sure of, on the channel path: the stock
 * incoming function (`wrap`, instrumentation-http's `_incomingRequestFunction`)
 * makes its span and listeners, and runs the ignore hook, around an `emit`
 * that only takes the context it is called in; the app's handler, which
 * Node calls next, runs in that context.
 */
export function stockIncomingContext(
  wrap: (emit: Emit) => Emit,
  message: Pick<ServerMessage, 'request' | 'response'> & { server: unknown },
): Context {
  let entered: Context = ROOT_CONTEXT;
  const stockEmit = wrap(() => {
    entered = api.active();
    return true;
  });
  // The stock code reads the active context for an ignored request; a keep-alive
  // connection's execution may still hold the previous request's.
  api.with(ROOT_CONTEXT, () =>
    stockEmit.call(message.server, 'request', message.request, message.response),
  );
  return entered;
}

/**
 * The SERVER span path over Node's HTTP `diagnostics_channel`s, with no
 * patch of `emit`, `writeHead` or `end`: the span starts on
 * `http.server.request.start`, whose subscriber also enters the request's
 * context for the handler Node calls next in the same execution; it ends on
 * `http.server.response.finish`, or on the response's `close` when the
 * socket closed first (the client hung up), exactly once either way.
 */
export class ChannelServerPath {
  private subscribed = false;
  private readonly onStart: (message: unknown) => void;
  private readonly onFinish: (message: unknown) => void;

  constructor(host: ChannelServerHost, enter: (context: Context) => void) {
    this.onStart = (message) => {
      const { request, response, socket, server } = message as ServerMessage;
      // Entered whatever happens: on a keep-alive connection the execution
      // still holds the previous request's context.
      let context: Context = ROOT_CONTEXT;
      if (!emitsRequest(request, server)) {
        enter(context);
        return;
      }
      try {
        context = host.openChannelExchange(
          request,
          response,
          server,
          (socket as { encrypted?: boolean }).encrypted === true,
        );
      } catch (err) {
        // Ours failed before the app's handler: it still gets its request, untraced.
        host.guard.record('http.request', err);
      }
      enter(context);
    };
    this.onFinish = (message) => {
      const exchange: Exchange | undefined = exchangeOf((message as ServerMessage).response);
      if (exchange === undefined) return;
      try {
        exchange.onClose();
      } catch (err) {
        host.guard.record('http.response', err);
      }
    };
  }

  /** Starts listening on both channels (the instrumentation's `enable`). */
  subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, this.onStart);
    diagnosticsChannel.subscribe(RESPONSE_FINISH_CHANNEL, this.onFinish);
  }

  /** Stops listening (the instrumentation's `disable`); open spans still end on `close`. */
  unsubscribe(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, this.onStart);
    diagnosticsChannel.unsubscribe(RESPONSE_FINISH_CHANNEL, this.onFinish);
  }
}
