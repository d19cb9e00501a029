import type { SqlDialect } from './SqlDialect.js';
import { type SqlToken, sqlTokens } from './sqlTokens.js';

// Words after which a `-` or `+` before a number is the number's sign, not subtraction.
const SIGN_AFTER = new Set([
  'select', 'where', 'and', 'or', 'not', 'by', 'limit', 'offset', 'values', 'set', 'then',
  'else', 'when', 'in', 'is', 'between', 'like', 'return', 'returning', 'case', 'as', 'on',
  'having', 'interval',
]); // biome-ignore format: a word list reads best packed

const isPunct = (token: SqlToken | undefined, text: string): boolean =>
  token?.kind === 'punct' && token.text === text;

/** A `-`/`+` that is the sign of the literal after it, given the token before. */
function isSign(
  before: SqlToken | undefined,
  token: SqlToken,
  after: SqlToken | undefined,
): boolean {
  if (token.kind !== 'punct' || (token.text !== '-' && token.text !== '+')) return false;
  if (after?.kind !== 'literal') return false;
  if (before === undefined) return true;
  if (before.kind === 'punct') return before.text !== ')' && before.text !== ']';
  return before.kind === 'word' && SIGN_AFTER.has(before.text.toLowerCase());
}

/**
 * Index of the `)` closing the `(` at `open` when everything inside is
 * literals, placeholders, signs, commas and nested parentheses; -1 otherwise.
 * A list the input bound cut (ending in `rest`, or in nothing) is pure to its end.
 */
function pureGroupEnd(tokens: readonly SqlToken[], open: number): number {
  if (!isPunct(tokens[open], '(')) return -1;
  let depth = 0;
  let values = 0;
  for (let j = open; j < tokens.length; j++) {
    const token = tokens[j] as SqlToken;
    if (token.kind === 'rest') return j;
    if (token.kind === 'literal' || token.kind === 'placeholder') values++;
    else if (token.kind !== 'punct') return -1;
    else if (token.text === '(') depth++;
    else if (token.text === ')') {
      depth--;
      if (depth === 0) return values > 0 ? j : -1;
    } else if (token.text !== ',' && token.text !== '-' && token.text !== '+') return -1;
  }
  return values > 0 ? tokens.length - 1 : -1;
}

/**
 * A SQL statement with every literal masked to `?`: strings (escaped quotes,
 * `E'…'`, `N'…'`, `X'…'`, dollar quotes), numbers (signed, decimal,
 * exponent, hex), `TRUE`/`FALSE`; an `IN (…)` list and a `VALUES (…), (…)`
 * list of literals and placeholders collapse to `(?)`. Placeholders
 * (`$1`, `?`, `:name`), identifiers and keywords are kept; comments are
 * dropped and whitespace collapses to one space. Text that could be read two
 * ways is masked from there to the end.
 */
export function maskSql(text: string, dialect: SqlDialect): string {
  const tokens = sqlTokens(text, dialect);
  let out = '';
  const emit = (piece: string, space: boolean): void => {
    out += space && out.length > 0 ? ` ${piece}` : piece;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    if (token.kind === 'rest') {
      emit('?', token.space);
      break;
    }
    if (token.kind === 'literal') {
      emit('?', token.space);
      continue;
    }
    if (isSign(tokens[i - 1], token, tokens[i + 1])) {
      emit('?', token.space);
      i++;
      continue;
    }
    emit(token.text, token.space);
    if (token.kind !== 'word') continue;
    const word = token.text.toLowerCase();
    if (word === 'in') {
      const end = pureGroupEnd(tokens, i + 1);
      if (end < 0) continue;
      emit('(?)', (tokens[i + 1] as SqlToken).space);
      i = end;
    } else if (word === 'values') {
      let end = pureGroupEnd(tokens, i + 1);
      if (end < 0) continue;
      emit('(?)', (tokens[i + 1] as SqlToken).space);
      for (;;) {
        const next = isPunct(tokens[end + 1], ',') ? pureGroupEnd(tokens, end + 2) : -1;
        if (next < 0) break;
        end = next;
      }
      i = end;
    }
  }
  return out;
}
