import { parseArgs } from 'node:util';
import type { GoldenSignals } from '../GoldenSignals.js';
import type { GoldenSignalsOptions } from '../GoldenSignalsOptions.js';

/** What `golden-signals serve` prints for `--help`. */
export const SERVE_USAGE = `Usage: golden-signals serve [--port N] [--host H] [--prometheus URL]

Runs the dashboard and its OTLP receiver on their own, for processes that
send their spans over OTLP (PM2 instances, containers, other OTel services):

  OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9469 node app.js

With --prometheus, runs the same page and JSON API over a Prometheus-compatible
engine (Prometheus, Thanos, Mimir, VictoriaMetrics) that scrapes every
instance's /metrics; it then keeps no store and no OTLP receiver of its own:

  golden-signals serve --prometheus http://prometheus:9090

  --port N          the port (GOLDEN_SIGNALS_PORT, default 9469)
  --host H          the interface (GOLDEN_SIGNALS_HOST, default 127.0.0.1)
  --prometheus URL  the engine's API base (GOLDEN_SIGNALS_PROMETHEUS_URL)

Every other setting comes from the environment (GOLDEN_SIGNALS_RETENTION,
GOLDEN_SIGNALS_DASHBOARD_TOKEN, GOLDEN_SIGNALS_SNAPSHOT_FILE, the engine's
GOLDEN_SIGNALS_PROMETHEUS_BEARER_TOKEN, ...), as docs/configuration.md says.`;

/** A parsed command line: options to start with, or text to print and an exit code. */
export type ServeCommand =
  | { readonly kind: 'serve'; readonly options: GoldenSignalsOptions }
  | { readonly kind: 'exit'; readonly code: number; readonly text: string };

/**
 * Parses `golden-signals <argv>`; pure, so every case is testable. `env`:
 * with `GOLDEN_SIGNALS_PROMETHEUS_URL` set, `serve` answers over the engine
 * as with `--prometheus`.
 */
export function parseServeCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ServeCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { kind: 'exit', code: command === undefined ? 2 : 0, text: SERVE_USAGE };
  }
  if (command !== 'serve') {
    return { kind: 'exit', code: 2, text: `unknown command: ${command}\n\n${SERVE_USAGE}` };
  }
  let values: {
    port?: string | undefined;
    host?: string | undefined;
    prometheus?: string | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        prometheus: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { kind: 'exit', code: 2, text: `${(err as Error).message}\n\n${SERVE_USAGE}` };
  }
  if (values.help === true) return { kind: 'exit', code: 0, text: SERVE_USAGE };
  if (values.prometheus === '') {
    return { kind: 'exit', code: 2, text: `--prometheus needs the engine's URL\n\n${SERVE_USAGE}` };
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    return {
      kind: 'exit',
      code: 2,
      text: `--port must be an integer 0-65535, got: ${values.port}\n\n${SERVE_USAGE}`,
    };
  }
  return {
    kind: 'serve',
    options: {
      ...(port === undefined ? {} : { port }),
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(values.prometheus === undefined && (env.GOLDEN_SIGNALS_PROMETHEUS_URL ?? '') === ''
        ? // The receiver's spans go to the store; nothing is traced here.
          { tracesExporters: ['memory'] }
        : // Over an engine: no store and so no receiver; the engine holds the fleet's counts.
          {
            tracesExporters: [],
            ...(values.prometheus === undefined ? {} : { prometheus: { url: values.prometheus } }),
          }),
    },
  };
}

/**
 * Keeps a started dashboard alive until SIGINT or SIGTERM, then shuts it
 * down (draining its connections, writing the last snapshot) and resolves
 * with the exit code.
 */
export function serveUntilSignalled(handle: GoldenSignals): Promise<number> {
  // The own port is unref'd so that it never keeps an app alive; here it is the app.
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise((resolve) => {
    // The shutdown drains the port and writes the snapshot within GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS.
    const stop = () => {
      handle
        .shutdown()
        .then(
          () => resolve(0),
          () => resolve(1),
        )
        .finally(() => clearInterval(keepAlive));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
