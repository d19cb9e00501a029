import type { RedactQueryMode } from './RedactionSettings.js';
import { isSensitiveQueryKey } from './sensitiveQueryKey.js';

/** What a masked value (or userinfo part) reads as: the word OpenTelemetry's own instrumentations use. */
export const REDACTED = 'REDACTED';
/**
 * Longest text redacted: longer input is cut to this first (and ends in
 * `…`), so the work and the output are bounded whatever a span carries.
 * The trace view shows 256 characters of a value, so nothing shown is lost.
 */
export const MAX_REDACTED_INPUT_LENGTH = 1_024;

const AMP = 0x26; // &
const SEMI = 0x3b; // ;
const HASH = 0x23; // #
const QUESTION = 0x3f; // ?
const EQUALS = 0x3d; // =

function isSeparator(c: number): boolean {
  return c === AMP || c === SEMI || c === HASH || c === QUESTION;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * A query key as {@link isSensitiveQueryKey} reads it: `+` as a space and
 * `%XX` decoded (so `to%6Ben` is `token`). Never throws, unlike
 * `decodeURIComponent` on a stray `%`.
 */
function decodedKey(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  let out = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */ && i + 2 < end) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        out += String.fromCharCode(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += c === 0x2b /* + */ ? ' ' : text[i];
  }
  return out;
}

function cut(text: string): string {
  return text.length > MAX_REDACTED_INPUT_LENGTH
    ? `${text.slice(0, MAX_REDACTED_INPUT_LENGTH)}…`
    : text;
}

/**
 * The parameters of `text` from `start` on, values masked by `mode`:
 * segments split at `&`, `;`, `#` and `?` (so a fragment's parameters and
 * a nested URL's are masked too), each `key=value`. In `sensitive` mode a
 * value is masked when its key is sensitive; in `all` mode every value is,
 * and a non-empty segment without `=` too (it may be a bare token). Keys and
 * separators are kept; an empty value stays empty. One pass, O(length).
 */
function redactParams(text: string, start: number, mode: 'sensitive' | 'all'): string {
  let out = '';
  let copied = start;
  let segment = start;
  const length = text.length;
  for (let i = start; i <= length; i++) {
    if (i < length && !isSeparator(text.charCodeAt(i))) continue;
    // The segment [segment, i).
    let equals = -1;
    for (let j = segment; j < i; j++) {
      if (text.charCodeAt(j) === EQUALS) {
        equals = j;
        break;
      }
    }
    if (equals < 0) {
      if (mode === 'all' && i > segment) {
        out += text.slice(copied, segment) + REDACTED;
        copied = i;
      }
    } else if (
      equals + 1 < i &&
      (mode === 'all' || isSensitiveQueryKey(decodedKey(text, segment, equals)))
    ) {
      out += text.slice(copied, equals + 1) + REDACTED;
      copied = i;
    }
    segment = i + 1;
  }
  return copied === start ? text.slice(start) : out + text.slice(copied);
}

/**
 * A query string (`url.query`: no leading `?`) with its values masked by
 * `mode`; see {@link redactUrl}. `off` returns it unchanged.
 */
export function redactQuery(query: string, mode: RedactQueryMode): string {
  if (mode === 'off' || query === '') return query;
  return redactParams(cut(query), 0, mode);
}

/**
 * The end of the userinfo of `url` (the index of its `@`) and its start,
 * or undefined when it has none: the `@` must sit in the authority, after
 * `scheme://` or a leading `//` and before the path.
 */
function userinfoOf(url: string, headEnd: number): [number, number] | undefined {
  const at = url.indexOf('@');
  if (at < 0 || at >= headEnd) return undefined;
  const scheme = url.indexOf('://');
  const authority = scheme >= 0 && scheme < at ? scheme + 3 : url.startsWith('//') ? 2 : -1;
  if (authority < 0) return undefined;
  const slash = url.indexOf('/', authority);
  const authorityEnd = slash < 0 || slash > headEnd ? headEnd : slash;
  const last = url.lastIndexOf('@', authorityEnd - 1);
  return last >= authority ? [authority, last] : undefined;
}

/**
 * A URL, a request target (`/path?query`) or any URL-like text, with its
 * secrets masked by `mode`:
 * - `sensitive`: the values of sensitive query (and fragment) keys, see
 *   `isSensitiveQueryKey`, and the userinfo (`user:pass@` becomes
 *   `REDACTED:REDACTED@`);
 * - `all`: every query and fragment value, and the userinfo;
 * - `off`: nothing.
 *
 * Keys are kept, so a trace still shows which parameters a request had.
 * Text without `?`, `#` or `@` is returned as it is without copying.
 * Never throws: malformed input is masked as far as its shape allows. Input
 * over {@link MAX_REDACTED_INPUT_LENGTH} is cut first.
 */
export function redactUrl(url: string, mode: RedactQueryMode): string {
  if (mode === 'off') return url;
  const text = cut(url);
  const query = text.indexOf('?');
  const hash = text.indexOf('#');
  const tail = query < 0 ? hash : hash < 0 ? query : Math.min(query, hash);
  const headEnd = tail < 0 ? text.length : tail;
  const userinfo = userinfoOf(text, headEnd);
  if (userinfo === undefined && tail < 0) return text;
  let head = text.slice(0, headEnd);
  if (userinfo !== undefined) {
    const [start, at] = userinfo;
    const colon = text.indexOf(':', start);
    const masked = colon >= 0 && colon < at ? `${REDACTED}:${REDACTED}` : REDACTED;
    head = at > start ? text.slice(0, start) + masked + text.slice(at, headEnd) : head;
  }
  return tail < 0 ? head : `${head}${text[tail]}${redactParams(text, tail + 1, mode)}`;
}
