import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  type Attributes,
  type Context,
  context,
  type HrTime,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { hrTime, type RPCMetadata, setRPCMetadata, suppressTracing } from '@opentelemetry/core';
import {
  HttpInstrumentation,
  type HttpInstrumentationConfig,
} from '@opentelemetry/instrumentation-http';
import { InternalErrors } from '../../guard/InternalErrors.js';
import { RouteMetadata } from '../../routes/RouteMetadata.js';
import { ChannelServerPath, stockIncomingContext } from './ChannelServerPath.js';
import {
  DEFAULT_REDACTED_QUERY_PARAMS,
  HostCheck,
  incomingAttributes,
  leanTarget,
  type SplitTarget,
} from './incomingAttributes.js';
import { keepSpanRouteInMetric } from './keepSpanRouteInMetric.js';
import { type Emit, Exchange, handleInContext, watchResponse } from './LeanExchange.js';
import { recordServerDuration } from './recordServerDuration.js';
import { ServerDurationHistogram } from './ServerDurationHistogram.js';
import type { ServerDurationSink } from './ServerDurationSink.js';
import { stockOnlyOption } from './stockOnlyOption.js';
import { type KnownLine, upstreamMismatch } from './upstreamShape.js';

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
  /**
   * True: a span starts without attributes and gets them right after, so the
   * SDK validates and copies them once rather than three times (two
   * `sanitizeAttributes` passes in `startSpan`, then `setAttributes`). Only
   * for an SDK whose sampler and span processors read no attributes when a
   * span starts, as golden-signals' own (zero-code) set-up; the exported
   * span is the same. False (default): attributes go to `startSpan`, as
   * the stock code gives them, for a sampler of the app's own.
   */
  readonly attributesAfterStart?: boolean | undefined;
  /**
   * Enters a context for the rest of the current execution
   * (NoEmitterBindingContextManager's `enterer()`). Given, the lean path
   * serves incoming requests over Node's HTTP `diagnostics_channel`s
   * (ChannelServerPath), with no patch of `Server.prototype.emit`, unless
   * the config has an option only the stock path implements. Not given
   * (default): the lean path patches `emit`, as the stock class does.
   */
  readonly enterContext?: ((context: Context) => void) | undefined;
  /** Told once why the lean path is off, when it is (an unknown upstream); `console.warn`, prefixed `golden-signals: `, by default. */
  readonly warn?: ((message: string) => void) | undefined;
  /** Counts what the lean path catches (`http.request`, `http.response`); a guard of its own when none is given. */
  readonly guard?: InternalErrors | undefined;
}

/** The W3C propagators' fields: their extract reads nothing else. */
const W3C_FIELDS = new Set(['traceparent', 'tracestate', 'baggage']);

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
  declare private attributesAfterStart: boolean;
  /** Incoming requests the lean path served, and those it handed to the stock path. */
  declare readonly served: { lean: number; stock: number };
  /** Counts a failure of ours on the app's request path, which then goes on untraced. */
  declare readonly guard: InternalErrors;
  /** The diagnostics_channel server path, when incoming requests take it; undefined when `emit` is patched. */
  declare readonly channelPath: ChannelServerPath | undefined;
  /** The stock `_incomingRequestFunction`, which the channel path runs for a request it is not sure of. */
  declare private stockIncoming: IncomingFunction | undefined;

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
    // Requests on the stock path record the span's route too.
    keepSpanRouteInMetric(this);
    this.attributesAfterStart = options.attributesAfterStart === true;
    (this as { guard: InternalErrors }).guard = options.guard ?? InternalErrors.toConsole();
    const channel =
      options.enterContext !== undefined &&
      !this.delegatesEverything &&
      this.getConfig().disableIncomingRequestInstrumentation !== true;
    (this as { channelPath: ChannelServerPath | undefined }).channelPath = channel
      ? new ChannelServerPath(this, options.enterContext as (context: Context) => void)
      : undefined;
    if (channel) {
      // The stock definitions then patch the outgoing functions only.
      this.setConfig(this.getConfig());
      if (this.isEnabled()) this.channelPath?.subscribe();
    }
    if (this.upstreamProblem !== undefined) {
      (options.warn ?? ((m) => console.warn(`golden-signals: ${m}`)))(
        `the lean HTTP path is off, stock instrumentation-http in use: ${this.upstreamProblem}`,
      );
    }
  }

  override setConfig(config: HttpInstrumentationConfig = {}): void {
    // On the channel path the stock `emit` patch stays off: the path is chosen once, when built.
    super.setConfig(
      this.channelPath === undefined
        ? config
        : { ...config, disableIncomingRequestInstrumentation: true },
    );
    this.stockOption = stockOnlyOption(this.getConfig());
  }

  override enable(): void {
    super.enable();
    this.channelPath?.subscribe();
  }

  override disable(): void {
    super.disable();
    this.channelPath?.unsubscribe();
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
      this.stockIncoming = stock;
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
    // `arguments`, not rest parameters: every event a server emits passes through here.
    return function incomingRequest(this: unknown, event: string): unknown {
      if (event !== 'request') {
        // biome-ignore lint/complexity/noArguments: forwarding an emit as it came, without copying it
        return original.apply(this, arguments as unknown as [string, ...unknown[]]);
      }
      // biome-ignore lint/complexity/noArguments: as above
      const args = arguments as unknown as [string, IncomingMessage, ServerResponse];
      const request = args[1];
      const target = instrumentation.stockOption === undefined ? leanTarget(request) : undefined;
      if (target === undefined) {
        instrumentation.served.stock++;
        return stock.apply(this, args);
      }
      instrumentation.served.lean++;
      return instrumentation.serveLean(this, original, component, request, args[2], target);
    };
  }

  /** One request on the lean path: its span, in whose context the app's handler runs. */
  private serveLean(
    emitter: unknown,
    original: Emit,
    component: 'http' | 'https',
    request: IncomingMessage,
    response: ServerResponse,
    target: SplitTarget,
  ): unknown {
    const config = this.getConfig();
    let ignored = false;
    try {
      ignored = Boolean(config.ignoreIncomingRequestHook?.(request));
    } catch (e) {
      // As the stock code's safeExecuteInTheMiddle: logged, and the request is traced.
      if (e != null) this._diag.error('caught ignoreIncomingRequestHook error: ', e);
    }
    if (ignored) {
      return context.with(suppressTracing(context.active()), () => {
        context.bind(context.active(), request);
        context.bind(context.active(), response);
        return original.call(emitter, 'request', request, response);
      });
    }
    let opened: { exchange: Exchange; context: Context };
    try {
      opened = this.openExchange(request, response, component, target);
    } catch (err) {
      // Ours failed before the app's handler: it still gets its request, untraced.
      this.guard.record('http.request', err);
      return original.call(emitter, 'request', request, response);
    }
    return context.with(
      opened.context,
      handleInContext,
      undefined,
      emitter,
      original,
      opened.exchange,
    );
  }

  /**
   * The channel path's start (ChannelServerPath): the request's span, its
   * response watched, and the context its handler runs in; an ignored
   * request gets the suppressed context, as on the stock path. A request the
   * lean split is not sure of goes to the stock incoming code (counted in
   * `served.stock`), run from here since no `emit` is patched.
   */
  openChannelExchange(
    request: IncomingMessage,
    response: ServerResponse,
    server: unknown,
    https: boolean,
  ): Context {
    const component = https ? 'https' : 'http';
    // Counted as on the emit path: before the ignore hook.
    const target = leanTarget(request);
    if (target === undefined) {
      this.served.stock++;
      const stock = this.stockIncoming as IncomingFunction;
      return stockIncomingContext((capture) => stock.call(this, component, capture), {
        request,
        response,
        server,
      });
    }
    this.served.lean++;
    let ignored = false;
    try {
      ignored = Boolean(this.getConfig().ignoreIncomingRequestHook?.(request));
    } catch (e) {
      if (e != null) this._diag.error('caught ignoreIncomingRequestHook error: ', e);
    }
    if (ignored) return suppressTracing(ROOT_CONTEXT);
    const opened = this.openExchange(request, response, component, target);
    watchResponse(opened.exchange);
    return opened.context;
  }

  /** Starts a request's span, with the attributes of its split target. */
  private openExchange(
    request: IncomingMessage,
    response: ServerResponse,
    component: 'http' | 'https',
    target: SplitTarget,
  ): { exchange: Exchange; context: Context } {
    const config = this.getConfig();
    const redactedQueryParams = config.redactedQueryParamsServer ?? DEFAULT_REDACTED_QUERY_PARAMS;
    const attributes = incomingAttributes(request, target, {
      component,
      redactedQueryParams,
      hosts: this.hosts,
    });
    const headers = request.headers;
    const parent = this.mustExtract(headers)
      ? propagation.extract(ROOT_CONTEXT, headers)
      : ROOT_CONTEXT;
    const afterStart = this.attributesAfterStart;
    const span: Span = this.tracer.startSpan(
      request.method || 'GET',
      afterStart ? { kind: SpanKind.SERVER } : { kind: SpanKind.SERVER, attributes },
      parent,
    );
    try {
      if (afterStart) span.setAttributes(attributes);
      // The span's own start (an SDK span has one): the duration metric is then the span's.
      const startTime = (span as { startTime?: HrTime }).startTime ?? hrTime();
      // A class whose route our hooks hold with a field write (no accessor defined per request).
      const rpcMetadata: RPCMetadata = new RouteMetadata(span);
      const exchange = new Exchange(
        this,
        request,
        response,
        span,
        attributes,
        startTime,
        rpcMetadata,
      );
      return { exchange, context: setRPCMetadata(trace.setSpan(parent, span), rpcMetadata) };
    } catch (err) {
      span.end();
      throw err;
    }
  }

  /** Ends the span and records the duration; the stock `_closeHttpSpan` without its WeakSet. */
  endExchange(
    exchange: Exchange,
    route: unknown,
    status: number | undefined,
    errorType: string | undefined,
  ): void {
    const { span } = exchange;
    span.end();
    recordServerDuration(exchange, route, status, errorType, this.serverDurations, (ms, metric) =>
      (this as unknown as Internals)._recordServerDuration(ms, metric),
    );
  }

  /** 0.301 puts `error.type` on a 5xx SERVER span; 0.223 does not. */
  get spanErrorTypeOn5xx(): boolean {
    return this.line?.spanErrorTypeOn5xx ?? false;
  }
}
