/**
 * The demo service: the sentiment model's `/predict` with the dashboard
 * mounted in the same Koa app. It uses golden-signals as any app would:
 * started by the `register` preload, then `getGoldenSignals()`.
 *
 *   node --import ./dist/instrumentation.js dist/src/server.js
 */
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { createHttpServer } from './http/createHttpServer.js';
import { exposureWarning } from './http/exposureWarning.js';
import { ConfigError, getGoldenSignals } from './index.js';
import { type DemoConfig, loadDemoConfig } from './service/demoConfig.js';
import { SentimentModel } from './service/SentimentModel.js';

/** Longest a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 10_000;

let goldenSignals: ReturnType<typeof getGoldenSignals>;
try {
  goldenSignals = getGoldenSignals();
} catch (err) {
  console.error(
    `${(err as Error).message} (for the demo: \`node --import ./dist/instrumentation.js dist/src/server.js\`, or \`npm start\`)`,
  );
  process.exit(1);
}
// The demo is our own process: unlike an app under the preload, it stops on a bad value.
if (goldenSignals.configProblems.length > 0) {
  for (const problem of goldenSignals.configProblems) console.error(`golden-signals: ${problem}`);
  process.exit(1);
}
let config: DemoConfig;
try {
  config = loadDemoConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`golden-signals demo: ${err.message}`);
  process.exit(1);
}
const app = createApp({
  goldenSignals,
  predict: {
    model: new SentimentModel(),
    latency: config.predictLatency,
    failureRate: config.predictFailureRate,
  },
  onUnexpectedError: (err) => console.error('golden-signals: unexpected error:', err),
});
const server = createHttpServer(app.callback(), config.timeouts);

const warning = exposureWarning(config.host, goldenSignals.config.dashboardToken);
if (warning !== undefined) console.warn(`golden-signals: ${warning}`);

server.on('error', (err) => {
  console.error(`golden-signals: cannot listen on ${config.host}:${config.port}: ${err.message}`);
  process.exit(1);
});
server.listen(config.port, config.host, () => {
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  console.log(
    `golden-signals listening on http://${host}:${port} (dashboard: http://${host}:${port}/dashboard)`,
  );
});

let closing = false;
/** Stops accepting, lets in-flight requests finish, flushes telemetry, exits. */
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`golden-signals: ${signal} received, shutting down`);
  const deadline = setTimeout(() => {
    console.error('golden-signals: shutdown deadline passed, exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  server.close(() => {
    goldenSignals.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('golden-signals: telemetry shutdown failed:', err);
        process.exit(1);
      },
    );
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
