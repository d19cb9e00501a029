/**
 * The zero-code entry, `golden-signals/register`: a thin preload that
 * starts golden-signals from the environment before the app loads.
 *
 *   node --import golden-signals/register app.js
 *   node --import ./dist/instrumentation.js dist/demo/server.js   (the demo, `npm start`)
 *
 * It calls the composition root, startGoldenSignals, and registers the
 * handle so that an app can mount the dashboard with `getGoldenSignals()`.
 * It never stops the app it watches: a `GOLDEN_SIGNALS_*` or `OTEL_*` value
 * that cannot be used is reported on stderr (and in the overview) and its
 * default taken; any other failure to start leaves golden-signals off, said
 * loudly, and the app runs on. This is the only module of the package that
 * acts on import.
 */
import cluster from 'node:cluster';
import type { GoldenSignals } from './src/GoldenSignals.js';
import { registerGoldenSignals } from './src/registeredGoldenSignals.js';
import { startGoldenSignals } from './src/startGoldenSignals.js';

let handle: GoldenSignals | undefined;
try {
  handle = startGoldenSignals({}, { lenientConfig: true });
  registerGoldenSignals(handle);
} catch (err) {
  console.error(
    `golden-signals: WARNING: could not start, so this process runs unmonitored: ${
      err instanceof Error ? err.message : String(err)
    }`,
  );
}
// The app starts once the own port listens, so that the workers it forks
// (node:cluster) inherit where to send their spans, whatever port it got.
const url = await handle?.dashboardUrl.catch(() => undefined);
if (url !== undefined && !cluster.isWorker) {
  const own = new URL(url);
  // Listening on every interface: the workers reach it on loopback.
  if (own.hostname === '0.0.0.0') own.hostname = '127.0.0.1';
  if (own.hostname === '[::]') own.hostname = '[::1]';
  process.env.GOLDEN_SIGNALS_FORWARD_URL ??= own.origin;
}
