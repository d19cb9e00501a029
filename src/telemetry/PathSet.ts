/**
 * Path prefixes that match a path when it is the prefix or below it:
 * `/health` matches `/health` and `/health/ready`, not `/healthz`.
 * Grows as the dashboard is mounted; a handful of entries at most.
 */
export class PathSet {
  private readonly prefixes: string[] = [];

  constructor(initial: readonly string[] = []) {
    for (const p of initial) this.add(p);
  }

  /** Adds a prefix (a trailing slash is dropped); adding one twice changes nothing. */
  add(prefix: string): void {
    const p = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    if (!this.prefixes.includes(p)) this.prefixes.push(p);
  }

  /** True when `pathname` is one of the prefixes or below one. */
  matches(pathname: string): boolean {
    for (const prefix of this.prefixes) {
      if (pathname.startsWith(prefix)) {
        if (pathname.length === prefix.length || pathname[prefix.length] === '/') return true;
      }
    }
    return false;
  }

  /** The prefixes, in the order they were added. */
  list(): readonly string[] {
    return [...this.prefixes];
  }
}
