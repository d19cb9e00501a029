import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressRouteInstrumentation } from './ExpressRouteInstrumentation.js';
import { FastifyRouteInstrumentation } from './FastifyRouteInstrumentation.js';
import { HapiRouteInstrumentation } from './HapiRouteInstrumentation.js';
import { HonoRouteInstrumentation } from './HonoRouteInstrumentation.js';
import { KoaRouteInstrumentation } from './KoaRouteInstrumentation.js';
import { NestRouteInstrumentation } from './NestRouteInstrumentation.js';
import type { RouteHookGuard } from './RouteHookGuard.js';

/** Options for {@link routeInstrumentations}. */
export interface RouteInstrumentationOptions {
  /** Package names Express 4 is installed under, when aliased (`['express4']`). */
  readonly express4Names?: readonly string[];
  /** Counts a failure of the hooks' own work (`route.hook`); a guard of their own when none. */
  readonly guard?: RouteHookGuard;
}

/**
 * The instrumentations that give server spans their route template
 * (`http.route`) and thrown errors their `error.type`, for Koa with
 * @koa/router, Express 4/5, Fastify 5, NestJS 10-12 on either, Hono 4
 * and Hapi 21. Each does nothing until its framework is loaded. Pass them
 * to the NodeSDK beside HttpInstrumentation, before the app loads; ESM Koa
 * and Hono apps, and NestJS 12, also need {@link registerEsmHooks} first.
 */
export function routeInstrumentations(
  options: RouteInstrumentationOptions = {},
): Instrumentation[] {
  const express4Names = options.express4Names ?? ['express'];
  return [
    new KoaRouteInstrumentation({}, options.guard),
    new ExpressRouteInstrumentation({ express4Names }, options.guard),
    new FastifyRouteInstrumentation({}, options.guard),
    new NestRouteInstrumentation({}, options.guard),
    new HonoRouteInstrumentation({}, options.guard),
    new HapiRouteInstrumentation({}, options.guard),
  ];
}
