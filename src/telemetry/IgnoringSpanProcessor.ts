import { type Context, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { InternalErrors } from '../guard/InternalErrors.js';

/** The request path of a server span: `url.path` (stable conventions), else `http.target` without its query. */
function pathOf(span: ReadableSpan): string | undefined {
  const attrs = span.attributes;
  const path = attrs['url.path'];
  if (typeof path === 'string') return path;
  const target = attrs['http.target'];
  if (typeof target !== 'string') return undefined;
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/**
 * Hands every span to the inner processor except the server spans of
 * requests to ignored paths (the dashboard's own, `/health`). The app's
 * HttpInstrumentation may trace those when it was not given
 * `httpInstrumentationConfig()`; this keeps them out of the dashboard
 * anyway. The path is read at start and at end from the same attribute,
 * which instrumentation-http sets when the span starts. Its hooks run
 * inside the app's spans: a failure is counted by the guard, never thrown.
 */
export class IgnoringSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly ignoresPath: (pathname: string) => boolean,
    /** Called once, before the first span reaches the inner processor. */
    private onFirstSpan: (() => void) | undefined = undefined,
    /** Counts what the hooks catch; a guard of its own (console) when none is given. */
    private readonly guard: InternalErrors = InternalErrors.toConsole(),
  ) {}

  private ignored(span: ReadableSpan): boolean {
    if (span.kind !== SpanKind.SERVER) return false;
    const path = pathOf(span);
    return path !== undefined && this.ignoresPath(path);
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      if (this.onFirstSpan !== undefined) {
        const first = this.onFirstSpan;
        this.onFirstSpan = undefined;
        first();
      }
      if (!this.ignored(span)) this.inner.onStart(span, parentContext);
    } catch (err) {
      this.guard.record('span.start', err);
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      if (!this.ignored(span)) this.inner.onEnd(span);
    } catch (err) {
      this.guard.record('span.end', err);
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
