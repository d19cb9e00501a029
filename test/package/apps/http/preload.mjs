// The node:http app's own preload (`node --import ./preload.mjs app.js`): the
// programmatic start, with the app's route templates and no own dashboard port.
import { startGoldenSignals } from 'golden-signals';
import { route } from './route.mjs';

/** The handle app.js mounts. */
export const goldenSignals = startGoldenSignals({ route, port: false });
