/** Exports of `@hapi/boom` that are not factories of one kind of error. */
const NOT_FACTORIES: ReadonlySet<string> = new Set(['Boom', 'isBoom', 'boomify']);

/** A Boom error's own fields: `typeof` is the factory that made it. */
interface BoomLike {
  isBoom?: unknown;
  typeof?: unknown;
  output?: { statusCode?: unknown };
}

/**
 * `@hapi/boom`'s factories by function (`badRequest`, `notFound`, ...), read
 * from its exports: a Boom error is a plain `Error` whose `typeof` is the
 * factory that made it, and the factories are anonymous functions, so only
 * the module's own names tell them apart.
 */
export function boomFactories(exports: unknown): Map<unknown, string> {
  const names = new Map<unknown, string>();
  if (typeof exports !== 'object' || exports === null) return names;
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function' && !NOT_FACTORIES.has(name)) names.set(value, name);
  }
  return names;
}

/**
 * The `error.type` of a Boom error: `Boom.notFound` for one made by a
 * factory, `Boom <status>` for one made otherwise (`new Boom()`, or by a
 * second copy of Boom). An error the app threw and Hapi boomified keeps its
 * class: `undefined` here.
 */
export function boomErrorType(err: unknown, factories: Map<unknown, string>): string | undefined {
  const boom = err as BoomLike | null;
  if (!(err instanceof Error) || boom?.isBoom !== true) return undefined;
  const factory = factories.get(boom.typeof);
  if (factory !== undefined) return `Boom.${factory}`;
  // A boomified error (thrown by the app, wrapped by Hapi) has none: its class names it.
  if (boom.typeof === undefined) return undefined;
  return `Boom ${String(boom.output?.statusCode ?? 500)}`;
}
