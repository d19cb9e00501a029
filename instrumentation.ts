/**
 * The zero-code entry, `golden-signals/register`: a thin preload that
 * starts golden-signals from the environment before the app loads.
 *
 *   node --import golden-signals/register app.js
 *   node --import ./dist/instrumentation.js dist/src/server.js   (the demo, `npm start`)
 *
 * It calls the composition root, startGoldenSignals, and registers the
 * handle so that an app can mount the dashboard with `getGoldenSignals()`.
 * A bad configuration stops the process at start with a message naming the
 * variable. This is the only module of the package that acts on import.
 */
import cluster from 'node:cluster';
import { ConfigError } from './src/config.js';
import type { GoldenSignals } from './src/GoldenSignals.js';
import { registerGoldenSignals } from './src/registeredGoldenSignals.js';
import { startGoldenSignals } from './src/startGoldenSignals.js';

let handle: GoldenSignals;
try {
  handle = startGoldenSignals();
  registerGoldenSignals(handle);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`golden-signals: ${err.message}`);
  process.exit(1);
}
// The app starts once the own port listens, so that the workers it forks
// (node:cluster) inherit where to send their spans, whatever port it got.
const url = await handle.dashboardUrl;
if (url !== undefined && !cluster.isWorker) {
  const own = new URL(url);
  // Listening on every interface: the workers reach it on loopback.
  if (own.hostname === '0.0.0.0') own.hostname = '127.0.0.1';
  if (own.hostname === '[::]') own.hostname = '[::1]';
  process.env.GOLDEN_SIGNALS_FORWARD_URL ??= own.origin;
}
