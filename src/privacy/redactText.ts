import type { RedactQueryMode } from './RedactionSettings.js';
import { MAX_REDACTED_INPUT_LENGTH, redactQuery, redactUrl } from './redactUrl.js';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function redactWord(word: string, mode: 'sensitive' | 'all'): string {
  if (word.includes('://')) return redactUrl(word, mode);
  const query = word.indexOf('?');
  if (query >= 0) {
    const head = word.slice(0, query);
    // A path has no `=`: a head with one is a bare `token=x` that a `?` follows.
    if (!head.includes('=')) return redactUrl(word, mode);
    return redactQuery(head, 'sensitive') + redactUrl(word.slice(query), mode);
  }
  // A bare `password=hunter2` in prose: only sensitive keys, whatever the mode.
  return word.includes('=') ? redactQuery(word, 'sensitive') : word;
}

/**
 * Free text (an error or status message) with the secrets of the URLs in it
 * masked: each whitespace-separated word holding `://` or `?` is redacted as
 * a URL by `mode` (see `redactUrl`), and a word `key=value` of a sensitive
 * key has its value masked. Text without `=` or `@` is returned as it is.
 * One pass over at most {@link MAX_REDACTED_INPUT_LENGTH} characters.
 */
export function redactText(text: string, mode: RedactQueryMode): string {
  if (mode === 'off' || (!text.includes('=') && !text.includes('@'))) return text;
  const input =
    text.length > MAX_REDACTED_INPUT_LENGTH ? text.slice(0, MAX_REDACTED_INPUT_LENGTH) : text;
  let out = '';
  let word = -1;
  for (let i = 0; i <= input.length; i++) {
    const space = i === input.length || isSpace(input.charCodeAt(i));
    if (!space) {
      if (word < 0) word = i;
      continue;
    }
    if (word >= 0) {
      out += redactWord(input.slice(word, i), mode);
      word = -1;
    }
    if (i < input.length) out += input[i];
  }
  return out;
}
