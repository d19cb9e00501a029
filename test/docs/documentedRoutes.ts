/** One route as a heading of `docs/api.md` names it: `GET /dashboard/slo?period=1h`. */
export interface DocumentedRoute {
  readonly method: string;
  /** The path as written, query included, `:name` placeholders unfilled. */
  readonly path: string;
  /** Whether it is under "The demo's routes", served by the demo rather than the library. */
  readonly demo: boolean;
}

const HEADING = /^(#{2,4}) (.*)$/;
const ROUTE = /`(GET|POST|PUT|PATCH|DELETE|HEAD) (\/[^`\s]*)`/g;

/**
 * Every route named in a heading of the API reference, in order. The
 * section whose `##` heading mentions "demo" holds the demo's routes.
 */
export function documentedRoutes(markdown: string): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  let demo = false;
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : HEADING.exec(line);
    if (heading === null) continue;
    const [, level = '', text = ''] = heading;
    if (level === '##' && !text.startsWith('`')) demo = /\bdemo\b/i.test(text);
    else if (level === '##') demo = false;
    for (const [, method = '', path = ''] of text.matchAll(ROUTE))
      routes.push({ method, path, demo });
  }
  return routes;
}
