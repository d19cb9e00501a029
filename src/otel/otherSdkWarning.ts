/**
 * What start-up prints (on stderr), the overview (`warnings`) and the page
 * say when another OpenTelemetry SDK registered the globals first: why the
 * dashboard counts nothing, and the exact fix. OpenTelemetry 2.x has no
 * supported way to add a span processor to a provider already started
 * (`addSpanProcessor` went in 2.0), so golden-signals cannot attach to it.
 */
export const OTHER_SDK_WARNING =
  'another OpenTelemetry SDK registered the global tracer provider before golden-signals ' +
  '(e.g. `--require @opentelemetry/auto-instrumentations-node/register`, or an SDK started by the app), ' +
  'and OpenTelemetry offers no supported way to add a span processor to a started SDK, ' +
  'so golden-signals records no request here and its dashboard stays at 0. ' +
  'Fix: drop the other preload and run `node --import golden-signals/register app.js` alone ' +
  '(it reads the same OTEL_* variables and turns on @opentelemetry/auto-instrumentations-node when it is installed), ' +
  "or give the app's own SDK golden-signals' span processor (processor mode: createGoldenSignals(), see docs/configuration.md)";
