/**
 * The attributes instrumentation-http puts on a SERVER span when it starts,
 * computed as its `getIncomingRequestAttributes` computes them (0.223 and
 * 0.301 are the same here), without `new URL` for an ordinary target. Any
 * input the fast path is not sure of (an absolute or odd target, a
 * `Forwarded` header) returns undefined, and the caller hands that request
 * to the stock code, so the span is the stock one.
 */

import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';

/** instrumentation-http's DEFAULT_QUERY_STRINGS_TO_REDACT (not exported by it). */
export const DEFAULT_REDACTED_QUERY_PARAMS: readonly string[] = Object.freeze([
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
]);

const REDACTED = 'REDACTED';

const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'QUERY',
]);

/** `http.request.method`: the method upper-cased when known, else `_OTHER`. */
export function normalizeMethod(method: string | undefined): string {
  if (method == null) return 'GET';
  if (KNOWN_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** A target's path and query exactly as `new URL(target, base)` would give them. */
export interface SplitTarget {
  readonly path: string;
  /** The text after `?`, or '' (URL's `search` is '' for both `/a` and `/a?`). */
  readonly query: string;
}

/**
 * Splits an origin-form target (`/a/b?x=1`) into path and query when URL
 * parsing would leave both unchanged: printable ASCII only, no dot segment,
 * no `%2e`, no backslash, no fragment, and not `//…` (which URL reads as a
 * host). Otherwise undefined (the caller uses `new URL`).
 */
export function splitTarget(target: string): SplitTarget | undefined {
  if (target.charCodeAt(0) !== 0x2f /* / */ || target.charCodeAt(1) === 0x2f) return undefined;
  let queryAt = -1;
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    // Space, control and non-ASCII characters are percent-encoded by URL; # starts a fragment.
    if (c <= 0x20 || c >= 0x7f || c === 0x23 /* # */) return undefined;
    if (queryAt >= 0) {
      // URL also encodes " ' < > in a special scheme's query.
      if (c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e) return undefined;
      continue;
    }
    if (c === 0x3f /* ? */) {
      queryAt = i;
      continue;
    }
    // Characters URL encodes or rewrites in a path: " < > \ ^ ` { | }
    if (
      c === 0x22 ||
      c === 0x3c ||
      c === 0x3e ||
      c === 0x5c ||
      c === 0x5e ||
      c === 0x60 ||
      c === 0x7b ||
      c === 0x7c ||
      c === 0x7d
    ) {
      return undefined;
    }
    // Dot segments (/./, /../, %2e) are resolved by URL.
    if (c === 0x2e && target.charCodeAt(i - 1) === 0x2f) return undefined;
    if (
      c === 0x25 /* % */ &&
      target.charCodeAt(i + 1) === 0x32 /* 2 */ &&
      (target.charCodeAt(i + 2) | 0x20) === 0x65 /* e */
    ) {
      return undefined;
    }
  }
  if (queryAt < 0) return { path: target, query: '' };
  return { path: target.slice(0, queryAt), query: target.slice(queryAt + 1) };
}

/** `url.query` as the stock code writes it: re-serialised by URLSearchParams, secrets redacted. */
export function redactedQuery(query: string, redacted: readonly string[]): string {
  const params = new URLSearchParams(query);
  for (const name of redacted) if (params.has(name)) params.set(name, REDACTED);
  return params.toString();
}

/** The stock `parseHostHeader`: host and port of a Host-like header. */
export function parseHostHeader(
  hostHeader: string,
  proto?: string,
): { host: string; port?: string } {
  const parts = hostHeader.split(':');
  const first = parts[0] as string;
  if (parts.length === 1) {
    if (proto === 'http') return { host: first, port: '80' };
    if (proto === 'https') return { host: first, port: '443' };
    return { host: first };
  }
  if (parts.length === 2) return { host: first, port: parts[1] as string };
  if (first.startsWith('[')) {
    if ((parts[parts.length - 1] as string).endsWith(']')) {
      if (proto === 'http') return { host: hostHeader, port: '80' };
      if (proto === 'https') return { host: hostHeader, port: '443' };
    } else if ((parts[parts.length - 2] as string).endsWith(']')) {
      return { host: parts.slice(0, -1).join(':'), port: parts[parts.length - 1] as string };
    }
  }
  return { host: hostHeader };
}

/** The stock `getServerAddress` without the `Forwarded` header (the caller delegates that). */
function serverAddress(
  request: IncomingMessage,
  component: string,
  hosts: HostCheck,
): { host: string; port?: string } | null {
  const headers = request.headers;
  const xForwardedHost = headers['x-forwarded-host'] as string | string[] | undefined;
  const proto = headers['x-forwarded-proto'] as string | string[] | undefined;
  const protoText = typeof proto === 'string' ? proto : Array.isArray(proto) ? proto[0] : undefined;
  if (typeof xForwardedHost === 'string') {
    return proto === undefined
      ? parseHostHeader(xForwardedHost)
      : parseHostHeader(xForwardedHost, protoText);
  }
  if (
    Array.isArray(xForwardedHost) &&
    typeof xForwardedHost[0] === 'string' &&
    xForwardedHost[0].length > 0
  ) {
    return proto === undefined
      ? parseHostHeader(xForwardedHost[0])
      : parseHostHeader(xForwardedHost[0], protoText);
  }
  const host = headers.host;
  if (typeof host === 'string' && host.length > 0) return hosts.parsed(host, component);
  return null;
}

/** The stock `removePortFromAddress`. */
function removePortFromAddress(input: string): string {
  try {
    const { hostname } = new URL(`http://${input}`);
    return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  } catch {
    return input;
  }
}

/** The stock `getRemoteClientAddress` without the `Forwarded` header. */
function clientAddress(request: IncomingMessage): string | null {
  const xForwardedFor = request.headers['x-forwarded-for'] as string | string[] | undefined;
  if (xForwardedFor) {
    const value = typeof xForwardedFor === 'string' ? xForwardedFor : xForwardedFor[0];
    if (typeof value === 'string')
      return removePortFromAddress((value.split(',')[0] as string).trim());
  }
  const remote = request.socket.remoteAddress;
  return remote ? remote : null;
}

/**
 * Whether `new URL(target, scheme://host)` can parse with this Host header:
 * the stock code leaves `url.path` out when it cannot. Remembers the last
 * answer, since a server sees the same few hosts.
 */
export class HostCheck {
  private lastBaseHost: string | undefined;
  private lastBaseScheme: string | undefined;
  private lastOk = false;
  private lastHost: string | undefined;
  private lastScheme: string | undefined;
  private lastParsed: { host: string; port?: string } = { host: '' };

  /** {@link parseHostHeader} of a Host header, remembered for the next request (read only). */
  parsed(host: string, scheme: string): { host: string; port?: string } {
    if (host !== this.lastHost || scheme !== this.lastScheme) {
      this.lastParsed = parseHostHeader(host, scheme);
      this.lastHost = host;
      this.lastScheme = scheme;
    }
    return this.lastParsed;
  }

  /** True when `scheme://host` is a base URL parses. */
  ok(scheme: string, host: string): boolean {
    if (host === this.lastBaseHost && scheme === this.lastBaseScheme) return this.lastOk;
    let ok: boolean;
    try {
      new URL('/', `${scheme}://${host}`);
      ok = true;
    } catch {
      ok = false;
    }
    this.lastBaseHost = host;
    this.lastBaseScheme = scheme;
    this.lastOk = ok;
    return ok;
  }
}

/** What shapes the attributes beyond the request itself. */
export interface IncomingAttributeOptions {
  readonly component: 'http' | 'https';
  readonly redactedQueryParams: readonly string[];
  readonly hosts: HostCheck;
}

/**
 * The request's target split for the lean path, or undefined when the
 * stock code must handle this request: a `Forwarded` header (its parser is
 * internal to instrumentation-http), or a target {@link splitTarget} refuses.
 */
export function leanTarget(request: IncomingMessage): SplitTarget | undefined {
  if (request.headers.forwarded !== undefined) return undefined;
  return splitTarget(request.url ?? '/');
}

/** The start attributes of the SERVER span, in the stock code's key order. */
export function incomingAttributes(
  request: IncomingMessage,
  split: SplitTarget,
  options: IncomingAttributeOptions,
): Attributes {
  const { headers, method } = request;
  const { component } = options;
  const host = headers.host;
  // With a Host the stock code parses against it (and drops url.* when that fails).
  const parsed = host && !options.hosts.ok(component, host) ? undefined : split;
  const normalizedMethod = normalizeMethod(method);
  const server = serverAddress(request, component, options.hosts);
  const client = clientAddress(request);
  const socket = request.socket;
  const attributes: Attributes = {
    'http.request.method': normalizedMethod,
    'url.scheme': component,
    'server.address': server?.host,
    'network.peer.address': socket.remoteAddress,
    'network.peer.port': socket.remotePort,
    'network.protocol.version': request.httpVersion,
    'user_agent.original': headers['user-agent'],
  };
  if (parsed !== undefined) {
    attributes['url.path'] = parsed.path;
    if (parsed.query !== '') {
      attributes['url.query'] = redactedQuery(parsed.query, options.redactedQueryParams);
    }
  }
  if (client != null) attributes['client.address'] = client;
  if (server?.port != null) attributes['server.port'] = Number(server.port);
  if (method !== normalizedMethod) attributes['http.request.method_original'] = method;
  return attributes;
}
