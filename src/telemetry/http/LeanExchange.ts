import { errorMonitor as errorMonitorEvent } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Attributes, context, type Span, SpanStatusCode } from '@opentelemetry/api';
import { getRPCMetadata, type RPCMetadata, RPCType } from '@opentelemetry/core';
import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
import type { LeanHttpInstrumentation } from './LeanHttpInstrumentation.js';

/** A server's `emit`, as the lean path wraps it. */
export type Emit = (this: unknown, event: string, ...args: unknown[]) => unknown;

/** Where a response keeps its exchange, so that one listener function serves every response. */
const EXCHANGE = Symbol('golden-signals.exchange');
interface ExchangeHolder {
  [EXCHANGE]?: Exchange;
}

// Listeners on the app's response: a failure of ours is counted, never thrown into its emit.
function onResponseClose(this: ServerResponse): void {
  const exchange = (this as ExchangeHolder)[EXCHANGE];
  try {
    exchange?.onClose();
  } catch (err) {
    exchange?.instrumentation.guard.record('http.response', err);
  }
}

function onResponseError(this: ServerResponse, err: Error): void {
  const exchange = (this as ExchangeHolder)[EXCHANGE];
  try {
    exchange?.onError(err, true);
  } catch (ours) {
    exchange?.instrumentation.guard.record('http.response', ours);
  }
}

/** The exchange a response belongs to, when the lean path opened one for it. */
export function exchangeOf(response: ServerResponse): Exchange | undefined {
  return (response as ExchangeHolder)[EXCHANGE];
}

/** Listens to the response as the stock code does: its `close`, and its errors. */
export function watchResponse(exchange: Exchange): void {
  const { response } = exchange;
  (response as ExchangeHolder)[EXCHANGE] = exchange;
  response.on('close', onResponseClose);
  response.on(errorMonitorEvent, onResponseError);
}

/** The app's handler, in the request's context; the stock code's listeners and error path. */
export function handleInContext(emitter: unknown, original: Emit, exchange: Exchange): unknown {
  const { request, response } = exchange;
  context.bind(context.active(), request);
  context.bind(context.active(), response);
  watchResponse(exchange);
  try {
    return original.call(emitter, 'request', request, response);
  } catch (error) {
    // As the stock safeExecuteInTheMiddle: a falsy throw is swallowed, anything else recorded and rethrown.
    if (error) {
      exchange.onError(error as Error, false);
      throw error;
    }
    return undefined;
  }
}

/** One request's span between its start and its end. */
export class Exchange {
  private ended = false;
  private hasError = false;

  constructor(
    readonly instrumentation: LeanHttpInstrumentation,
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly span: Span,
    readonly attributes: Attributes,
    readonly startTime: [number, number],
    /** The RPC metadata the request's context carries, where route hooks put the template. */
    readonly rpcMetadata: RPCMetadata,
  ) {}

  /**
   * The route the store counts the request under: the span's `http.route`
   * (a route hook's, or the fallback hook's for plain node:http), else the
   * metadata's when the span keeps no attributes (a non-recording one).
   */
  private finalRoute(): unknown {
    const onSpan = (this.span as { attributes?: Attributes }).attributes?.['http.route'];
    return onSpan ?? this.rpcMetadata.route;
  }

  /**
   * The stock `_onServerResponseFinish`, after the response closed (or, on
   * the channel path, finished). Once the span ended nothing more is set on
   * it: the SDK drops writes to an ended span, so the exported span is the same.
   */
  onClose(): void {
    if (this.hasError || this.ended) return;
    const { span, response, request } = this;
    const statusCode = response.statusCode;
    // The span as the stock code makes it: the route of the context active at
    // 'close', which is not the request's when the response ends outside it
    // (the client hung up, or the app ended it from a queue, pool or driver
    // callback made outside the request); the histogram gets finalRoute().
    const rpcMetadata = getRPCMetadata(context.active());
    const route = rpcMetadata?.type === RPCType.HTTP ? rpcMetadata.route : undefined;
    span.setAttribute('http.response.status_code', statusCode);
    // A route hook (setRoute) usually put the same value there already.
    if (
      route !== undefined &&
      (span as { attributes?: Attributes }).attributes?.['http.route'] !== route
    ) {
      span.setAttribute('http.route', route);
    }
    span.setStatus({
      code:
        statusCode && statusCode >= 100 && statusCode < 500
          ? SpanStatusCode.UNSET
          : SpanStatusCode.ERROR,
    });
    const serverError = typeof statusCode === 'number' && statusCode >= 500 && statusCode < 600;
    // The class a route hook recorded (the store's error type), read before 0.30x writes the status over it.
    const thrown = thrownClassOf(span, statusCode);
    if (serverError && this.instrumentation.spanErrorTypeOn5xx) {
      span.setAttribute('error.type', String(statusCode));
    }
    if (route) span.updateName(`${request.method || 'GET'} ${route}`);
    const custom = this.instrumentation.getConfig().applyCustomAttributesOnSpan;
    if (custom) {
      safeExecuteInTheMiddle(
        () => custom(span, request, response),
        () => {},
        true,
      );
    }
    if (this.ended) return;
    this.ended = true;
    this.instrumentation.endExchange(
      this,
      this.finalRoute(),
      statusCode || undefined,
      thrown ?? (serverError ? String(statusCode) : undefined),
    );
  }

  /** The stock `_onServerResponseError`: an error on the response, or thrown by the handler. */
  onError(error: Error, fromResponse: boolean): void {
    if (fromResponse) this.hasError = true;
    const { span } = this;
    span.setAttribute('error.type', error.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.recordException(error);
    if (this.ended) return;
    this.ended = true;
    this.instrumentation.endExchange(this, this.finalRoute(), undefined, error.name);
  }
}

/**
 * The error class a route hook put on the span of an error response, which
 * the store counts the request under: the duration metric's `error_type`
 * then agrees with the dashboard. Undefined below 400, or when none (or only
 * a status code) is there.
 */
function thrownClassOf(span: Span, statusCode: number | undefined): string | undefined {
  if (statusCode === undefined || statusCode < 400) return undefined;
  const type = (span as { attributes?: Attributes }).attributes?.['error.type'];
  return typeof type === 'string' && type !== '' && !/^[0-9]+$/.test(type) ? type : undefined;
}
