import { errorMonitor as errorMonitorEvent } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  getRPCMetadata,
  hrTime,
  hrTimeDuration,
  hrTimeToMilliseconds,
  type RPCMetadata,
  RPCType,
  setRPCMetadata,
  suppressTracing,
} from '@opentelemetry/core';
import { safeExecuteInTheMiddle } from '@opentelemetry/instrumentation';
import {
  HttpInstrumentation,
  type HttpInstrumentationConfig,
} from '@opentelemetry/instrumentation-http';
import {
  DEFAULT_REDACTED_QUERY_PARAMS,
  HostCheck,
  incomingAttributes,
  leanTarget,
} from './incomingAttributes.js';
import { ServerDurationHistogram } from './ServerDurationHistogram.js';
import type { ServerDurationSink } from './ServerDurationSink.js';
import { type KnownLine, upstreamMismatch } from './upstreamShape.js';

type Emit = (this: unknown, event: string, ...args: unknown[]) => unknown;
type IncomingFunction = (component: 'http' | 'https', original: Emit) => Emit;
/** The private members of HttpInstrumentation the lean path reaches. */
interface Internals {
  _incomingRequestFunction: IncomingFunction;
  _recordServerDuration(durationMs: number, attributes: Attributes): void;
}

/** What {@link LeanHttpInstrumentation} takes beyond the stock config. */
export interface LeanHttpInstrumentationOptions {
  /**
   * True: the lean path records `http.server.request.duration` into
   * {@link LeanHttpInstrumentation.serverDurations}, our own histogram,
   * instead of the SDK's; a ServerDurationPrometheusExporter serves it.
   * False (default): into the SDK histogram, as the stock class does.
   */
  readonly ownHistogram?: boolean | undefined;
  /** Told once why the lean path is off, when it is (an unknown upstream); `console.warn` by default. */
  readonly warn?: ((message: string) => void) | undefined;
}

/** The W3C propagators' fields: their extract reads nothing else. */
const W3C_FIELDS = new Set(['traceparent', 'tracestate', 'baggage']);

/**
 * Why a config needs the stock incoming path (an option the lean one does
 * not implement), or undefined.
 */
function stockOnlyOption(config: HttpInstrumentationConfig): string | undefined {
  const server = config.headersToSpanAttributes?.server;
  if ((server?.requestHeaders?.length ?? 0) > 0 || (server?.responseHeaders?.length ?? 0) > 0) {
    return 'headersToSpanAttributes.server';
  }
  if (config.requestHook !== undefined) return 'requestHook';
  if (config.responseHook !== undefined) return 'responseHook';
  if (config.startIncomingSpanHook !== undefined) return 'startIncomingSpanHook';
  if (config.requireParentforIncomingSpans === true) return 'requireParentforIncomingSpans';
  if (config.enableSyntheticSourceDetection === true) return 'enableSyntheticSourceDetection';
  return undefined;
}

/**
 * instrumentation-http with a lean path for incoming requests: the same
 * SERVER span (every attribute, event, status, name and parent), made with
 * less work per request. It splits the target instead of `new URL`, extracts
 * context only when a W3C propagator field is present, keeps no WeakSet of
 * open spans, builds the start attributes once, and records the duration
 * histogram into a {@link ServerDurationSink} when one is given (no
 * attribute hashing per request).
 *
 * It overrides the private `_incomingRequestFunction`, so it runs only on
 * the release lines it was diffed against (see upstreamShape.ts); on any
 * other it warns once and is the stock class. A request it is not sure of
 * (a `Forwarded` header, an odd target) and any config with an option it
 * does not implement (server header capture, request/response/start hooks,
 * requireParentforIncomingSpans, synthetic source detection) go to the
 * stock path, unchanged. Outgoing requests are always the stock path.
 */
export class LeanHttpInstrumentation extends HttpInstrumentation {
  /** Why the lean path is off for every request (unknown upstream), or undefined. */
  declare upstreamProblem: string | undefined;
  /** The stock-only option set in the config, or undefined. */
  declare private stockOption: string | undefined;
  declare private line: KnownLine | undefined;
  /** Our own server duration histogram (`ownHistogram`), or undefined. */
  declare readonly serverDurations: ServerDurationHistogram | undefined;
  declare private hosts: HostCheck;
  declare private lastFields: string[] | undefined;
  declare private extractAlways: boolean;
  /** Incoming requests the lean path served, and those it handed to the stock path. */
  declare readonly served: { lean: number; stock: number };

  constructor(
    config: HttpInstrumentationConfig = {},
    options: LeanHttpInstrumentationOptions = {},
  ) {
    // HttpInstrumentation's constructor calls setConfig() and init() (below).
    super(config);
    (this as { serverDurations: ServerDurationHistogram | undefined }).serverDurations =
      options.ownHistogram === true
        ? new ServerDurationHistogram({ scopeVersion: this.instrumentationVersion })
        : undefined;
    this.stockOption = stockOnlyOption(this.getConfig());
    if (this.upstreamProblem !== undefined) {
      (options.warn ?? console.warn)(
        `golden-signals: the lean HTTP path is off, stock instrumentation-http in use: ${this.upstreamProblem}`,
      );
    }
  }

  override setConfig(config: HttpInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.stockOption = stockOnlyOption(this.getConfig());
  }

  /** Puts the lean incoming path in place before the stock definitions patch anything. */
  override init(): ReturnType<HttpInstrumentation['init']> {
    const prototype = HttpInstrumentation.prototype as unknown as Internals;
    const { line, reason } = upstreamMismatch(prototype, this.upstreamVersion());
    this.upstreamProblem = reason;
    this.line = line;
    this.hosts = new HostCheck();
    this.extractAlways = true;
    (this as { served: { lean: number; stock: number } }).served = { lean: 0, stock: 0 };
    if (reason === undefined) {
      const stock = prototype._incomingRequestFunction;
      (this as unknown as Internals)._incomingRequestFunction = (component, original) =>
        this.leanIncoming(component, original, stock.call(this, component, original));
    }
    return super.init();
  }

  /** The instrumentation-http version the lean path checks (its own version). */
  protected upstreamVersion(): string {
    return this.instrumentationVersion;
  }

  /** True when the stock path must run for every request (a stock-only option). */
  get delegatesEverything(): boolean {
    return this.upstreamProblem !== undefined || this.stockOption !== undefined;
  }

  /** Whether extracting from these headers can find anything. */
  private mustExtract(headers: IncomingHttpHeaders): boolean {
    const fields = propagation.fields();
    if (fields !== this.lastFields) {
      this.lastFields = fields;
      this.extractAlways = !fields.every((f) => W3C_FIELDS.has(f));
    }
    if (this.extractAlways) return true;
    for (let i = 0; i < fields.length; i++) {
      if (headers[fields[i] as string] !== undefined) return true;
    }
    return false;
  }

  private leanIncoming(component: 'http' | 'https', original: Emit, stock: Emit): Emit {
    const instrumentation = this;
    return function incomingRequest(this: unknown, event: string, ...args: unknown[]): unknown {
      if (event !== 'request') return original.call(this, event, ...args);
      const request = args[0] as IncomingMessage;
      const target = instrumentation.stockOption === undefined ? leanTarget(request) : undefined;
      if (target === undefined) {
        instrumentation.served.stock++;
        return stock.call(this, event, ...args);
      }
      instrumentation.served.lean++;
      const response = args[1] as ServerResponse;
      const config = instrumentation.getConfig();
      if (
        safeExecuteInTheMiddle(
          () => config.ignoreIncomingRequestHook?.(request),
          (e) => {
            if (e != null)
              instrumentation._diag.error('caught ignoreIncomingRequestHook error: ', e);
          },
          true,
        )
      ) {
        return context.with(suppressTracing(context.active()), () => {
          context.bind(context.active(), request);
          context.bind(context.active(), response);
          return original.call(this, event, ...args);
        });
      }
      const attributes = incomingAttributes(request, target, {
        component,
        redactedQueryParams: config.redactedQueryParamsServer ?? DEFAULT_REDACTED_QUERY_PARAMS,
        hosts: instrumentation.hosts,
      });
      const startTime = hrTime();
      const headers = request.headers;
      const parent = instrumentation.mustExtract(headers)
        ? propagation.extract(ROOT_CONTEXT, headers)
        : ROOT_CONTEXT;
      const span = instrumentation.tracer.startSpan(
        request.method || 'GET',
        { kind: SpanKind.SERVER, attributes },
        parent,
      );
      const rpcMetadata: RPCMetadata = { type: RPCType.HTTP, span };
      const exchange = new Exchange(
        instrumentation,
        request,
        response,
        span,
        attributes,
        startTime,
      );
      return context.with(setRPCMetadata(trace.setSpan(parent, span), rpcMetadata), () => {
        context.bind(context.active(), request);
        context.bind(context.active(), response);
        response.on('close', () => exchange.onClose());
        response.on(errorMonitorEvent, (err: Error) => exchange.onError(err, true));
        return safeExecuteInTheMiddle(
          () => original.call(this, event, ...args),
          (error) => {
            if (error) {
              exchange.onError(error, false);
              throw error;
            }
          },
        );
      });
    };
  }

  /** Ends the span and records the duration; the stock `_closeHttpSpan` without its WeakSet. */
  endExchange(
    exchange: Exchange,
    route: unknown,
    status: number | undefined,
    errorType: string | undefined,
  ): void {
    exchange.span.end();
    const durationMs = hrTimeToMilliseconds(hrTimeDuration(exchange.startTime, hrTime()));
    const { attributes } = exchange;
    const method = attributes['http.request.method'] as string;
    const scheme = attributes['url.scheme'] as string;
    const version = attributes['network.protocol.version'] as string | undefined;
    const sink: ServerDurationSink | undefined = this.serverDurations;
    if (sink !== undefined) {
      sink.record(
        durationMs / 1000,
        method,
        scheme,
        version || undefined,
        route,
        status,
        errorType,
      );
      return;
    }
    // The stock metric attributes, in the stock key order.
    const metric: Attributes = { 'http.request.method': method, 'url.scheme': scheme };
    if (version) metric['network.protocol.version'] = version;
    if (route !== undefined) metric['http.route'] = route as string;
    if (status) metric['http.response.status_code'] = status;
    if (errorType !== undefined) metric['error.type'] = errorType;
    (this as unknown as Internals)._recordServerDuration(durationMs, metric);
  }

  /** 0.301 puts `error.type` on a 5xx SERVER span; 0.223 does not. */
  get spanErrorTypeOn5xx(): boolean {
    return this.line?.spanErrorTypeOn5xx ?? false;
  }
}

/** One request's span between its start and its end. */
class Exchange {
  private ended = false;
  private hasError = false;

  constructor(
    private readonly instrumentation: LeanHttpInstrumentation,
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    readonly span: Span,
    readonly attributes: Attributes,
    readonly startTime: [number, number],
  ) {}

  /** The stock `_onServerResponseFinish`, after the response closed. */
  onClose(): void {
    if (this.hasError) return;
    const { span, response, request } = this;
    const statusCode = response.statusCode;
    const rpcMetadata = getRPCMetadata(context.active());
    const route = rpcMetadata?.type === RPCType.HTTP ? rpcMetadata.route : undefined;
    span.setAttribute('http.response.status_code', statusCode);
    if (route !== undefined) span.setAttribute('http.route', route);
    span.setStatus({
      code:
        statusCode && statusCode >= 100 && statusCode < 500
          ? SpanStatusCode.UNSET
          : SpanStatusCode.ERROR,
    });
    const serverError = typeof statusCode === 'number' && statusCode >= 500 && statusCode < 600;
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
      route,
      statusCode || undefined,
      serverError ? String(statusCode) : undefined,
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
    this.instrumentation.endExchange(this, undefined, undefined, error.name);
  }
}
