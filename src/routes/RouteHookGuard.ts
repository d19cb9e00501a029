import type { InternalErrors } from '../guard/InternalErrors.js';

/**
 * What a route hook needs of the handle's guard: a failure of the hook's own
 * work (on the app's request) is counted under `route.hook`, and the app's
 * request goes on as if the hook were not there.
 */
export type RouteHookGuard = Pick<InternalErrors, 'record'>;
