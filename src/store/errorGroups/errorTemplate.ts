import { MAX_ERROR_MESSAGE_LENGTH } from '../ErrorRing.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`/g;
/** `0x…`, or a word of 8 or more hex digits with at least one decimal digit (an id, not a word like `deadbeef`… or `acceded`). */
const HEX = /\b(?:0x[0-9a-f]+|(?=[0-9a-f]*[0-9])[0-9a-f]{8,})\b/gi;
const NUMBER = /[0-9]+(?:\.[0-9]+)?/g;

/**
 * The template of an error message, which groups errors that differ only in
 * their values: UUIDs become `<uuid>`, quoted values `<str>`, hex ids
 * `<hex>`, and numbers `<n>` (`User 123 not found` → `User <n> not found`).
 * Cut to {@link MAX_ERROR_MESSAGE_LENGTH} characters first, so the work and
 * the result are bounded.
 */
export function errorTemplate(message: string): string {
  const cut =
    message.length > MAX_ERROR_MESSAGE_LENGTH
      ? message.slice(0, MAX_ERROR_MESSAGE_LENGTH)
      : message;
  return cut
    .replace(UUID, '<uuid>')
    .replace(QUOTED, '<str>')
    .replace(HEX, '<hex>')
    .replace(NUMBER, '<n>');
}
