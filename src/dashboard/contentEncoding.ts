import type { IncomingHttpHeaders } from 'node:http';

/** Bodies smaller than this go as they are: gzip's header and a round trip outweigh the saving. */
export const MIN_GZIP_BYTES = 1_024;

/**
 * Whether the request's `Accept-Encoding` takes gzip: named (or `*`) with a
 * q-value above 0. No header means identity only (RFC 9110 allows either;
 * the conservative reading keeps raw HTTP clients and old tools reading plain text).
 */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  const header = headers['accept-encoding'];
  if (header === undefined || header === '') return false;
  let star: boolean | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') star = allowed;
  }
  return star === true;
}
