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
import { ConfigError } from './src/config.js';
import { registerGoldenSignals } from './src/registeredGoldenSignals.js';
import { startGoldenSignals } from './src/startGoldenSignals.js';

try {
  registerGoldenSignals(startGoldenSignals());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`golden-signals: ${err.message}`);
  process.exit(1);
}
