// The route templates of the plain node:http app: what `startGoldenSignals({ route })` is given.
const ROUTES = [
  ['GET', /^\/api\/users\/[^/]+$/, '/api/users/:id'],
  ['POST', /^\/api\/users$/, '/api/users'],
  ['GET', /^\/api\/items\/[^/]+$/, '/api/items/:id'],
  ['GET', /^\/boom$/, '/boom'],
  ['GET', /^\/slow$/, '/slow'],
  ['GET', /^\/files\/.+$/, '/files/*'],
];

/** The template of a request, or undefined when no route matches. */
export function route(req) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  for (const [method, pattern, template] of ROUTES) {
    if (req.method === method && pattern.test(path)) return template;
  }
  return undefined;
}
