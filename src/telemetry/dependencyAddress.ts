import type { Attributes } from '@opentelemetry/api';

/** A host name or address as shown: letters, digits, dots, dashes, colons and brackets (IPv6). */
const HOST = /^[A-Za-z0-9._:[\]-]{1,253}$/;
/** Ports a scheme implies when the URL names none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

/**
 * Where a CLIENT span went, as `host:port` (or `host` when no port is
 * known): `server.address`/`server.port`, else the old `net.peer.name`/
 * `net.peer.port`, else the host and port of `url.full` (or the old
 * `http.url`), the port implied by its scheme when absent. Only the
 * authority of a URL is read, past any user info: never its path, query or
 * fragment. Undefined when the span names no host. Pure.
 */
export function dependencyAddress(attrs: Attributes): string | undefined {
  const url = stringOf(attrs['url.full'] ?? attrs['http.url']);
  const fromUrl = url === undefined ? undefined : authorityOf(url);
  const host = stringOf(attrs['server.address'] ?? attrs['net.peer.name']) ?? fromUrl?.host;
  if (host === undefined || !HOST.test(host)) return undefined;
  const port = portOf(attrs['server.port'] ?? attrs['net.peer.port']) ?? fromUrl?.port;
  return port === undefined ? host.toLowerCase() : `${host.toLowerCase()}:${port}`;
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function portOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^[0-9]{1,5}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 65_535 ? n : undefined;
}

/** The host and port of an absolute URL (the scheme's port when it names none). */
function authorityOf(url: string): { host: string; port: number | undefined } | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd <= 0) return undefined;
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  const rest = url.slice(schemeEnd + 3);
  let end = rest.length;
  for (const stop of ['/', '?', '#']) {
    const i = rest.indexOf(stop);
    if (i >= 0 && i < end) end = i;
  }
  const authority = rest.slice(rest.lastIndexOf('@', end) + 1, end);
  let host = authority;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return undefined;
    host = authority.slice(0, close + 1);
    if (authority[close + 1] === ':') port = authority.slice(close + 2);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    }
  }
  if (host === '') return undefined;
  return { host, port: portOf(port) ?? DEFAULT_PORTS[scheme] };
}
