/**
 * The demo service: the sentiment model's `/predict` with the dashboard
 * mounted in the same Koa app. It uses golden-signals as any app would,
 * through its public API only: started by the `register` preload, then
 * `getGoldenSignals()`.
 *
 *   node --import ./dist/instrumentation.js dist/demo/server.js   (`npm start`)
 */
import type { AddressInfo } from 'node:net';
import { ConfigError, getGoldenSignals } from 'golden-signals';
import { createApp } from './app.js';
import { closeGracefully } from './closeGracefully.js';
import { type DemoConfig, loadDemoConfig } from './config.js';
import { createHttpServer } from './createHttpServer.js';
import { exposureWarning } from './exposureWarning.js';
import { SentimentModel } from './SentimentModel.js';

/** The share of the shutdown deadline the app's connections may take to drain; the rest is golden-signals' own shutdown. */
export const APP_DRAIN_SHARE = 0.5;

/** The share of the shutdown deadline left between golden-signals' own deadline and the hard exit. */
export const EXIT_MARGIN_SHARE = 0.05;

let goldenSignals: ReturnType<typeof getGoldenSignals>;
try {
  goldenSignals = getGoldenSignals();
} catch (err) {
  console.error(
    `${(err as Error).message} (for the demo: \`node --import ./dist/instrumentation.js dist/demo/server.js\`, or \`npm start\`)`,
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
// The first-byte timeout, as on the own port; the demo caps no connections (load tests open many).
const server = createHttpServer(
  app.callback(),
  config.timeouts,
  goldenSignals.config.ownServer.firstByteTimeoutMs,
);

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
/**
 * Stops accepting, drains the app's connections (keep-alive ones included),
 * then shuts golden-signals down, which writes the snapshot; all before the
 * deadline, `GOLDEN_SIGNALS_SHUTDOWN_TIMEOUT_MS`. Exits 0 when every
 * connection closed in time, 1 if some had to be cut (the snapshot is still
 * written) or the deadline passed.
 */
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`golden-signals: ${signal} received, shutting down`);
  const timeoutMs = goldenSignals.config.ownServer.shutdownTimeoutMs;
  const endsAt = performance.now() + timeoutMs;
  const deadline = setTimeout(() => {
    console.error('golden-signals: shutdown deadline passed, exiting');
    process.exit(1);
  }, timeoutMs);
  deadline.unref();
  closeGracefully(server, timeoutMs * APP_DRAIN_SHARE)
    .then(async (drained) => {
      if (!drained)
        console.error('golden-signals: connections still open at the drain deadline were cut');
      // What is left, less a margin: the snapshot is on disk before the hard exit.
      await goldenSignals.shutdown({
        timeoutMs: Math.max(0, endsAt - performance.now()) - timeoutMs * EXIT_MARGIN_SHARE,
      });
      return drained;
    })
    .then(
      (drained) => process.exit(drained ? 0 : 1),
      (err: unknown) => {
        console.error('golden-signals: telemetry shutdown failed:', err);
        process.exit(1);
      },
    );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
