import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_DASHBOARD_PREFIX as DEFAULT_PREFIX } from '../dashboard/dashboardPaths.js';

/** What the Fastify plugin touches of a request and a reply. */
export type FastifyRouteHandlerLike = (
  request: { readonly raw: IncomingMessage },
  reply: { readonly raw: ServerResponse; hijack(): unknown },
) => void;

/** What the Fastify plugin touches of a Fastify instance; typed structurally so Fastify stays an optional peer. */
export interface FastifyInstanceLike {
  /** The prefix the plugin was registered under (`fastify.register(plugin, { prefix })`). */
  readonly prefix: string;
  route(options: {
    method: string | string[];
    url: string;
    handler: FastifyRouteHandlerLike;
  }): unknown;
}

/** A Fastify 5 plugin: `await fastify.register(gs.fastify, { prefix: '/dashboard' })`. */
export type FastifyDashboardPlugin = (
  instance: FastifyInstanceLike,
  options: { readonly prefix?: string },
) => Promise<void>;

/**
 * Fastify over the framework-agnostic handler: routes `GET <prefix>` and
 * `GET <prefix>/*` (HEAD follows), hijacks the reply and lets the handler
 * write Node's response. `mount(prefix)` validates the prefix, excludes it
 * from tracing, and returns the handler for it.
 */
export function fastifyAdapter(
  mount: (prefix: string) => (req: IncomingMessage, res: ServerResponse) => boolean,
): FastifyDashboardPlugin {
  return async (instance) => {
    // Registered without a prefix, the plugin adds the default one to its routes itself.
    const own = instance.prefix === '' ? DEFAULT_PREFIX : '';
    const serve = mount(instance.prefix + own);
    const handler: FastifyRouteHandlerLike = (request, reply) => {
      reply.hijack();
      if (!serve(request.raw, reply.raw)) {
        reply.raw.statusCode = 404;
        reply.raw.setHeader('Content-Type', 'application/json; charset=utf-8');
        reply.raw.end('{"error":"Not found"}');
      }
    };
    instance.route({ method: 'GET', url: own === '' ? '/' : own, handler });
    instance.route({ method: 'GET', url: `${own}/*`, handler });
  };
}
