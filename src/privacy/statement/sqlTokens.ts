import type { SqlDialect } from './SqlDialect.js';

/**
 * What a SQL token is: kept text (`word`, `identifier`, `placeholder`,
 * `punct`), a `literal` to mask, or `rest`: from here on the statement could
 * be read two ways (a `\'` whose meaning depends on server settings), so all
 * of it is masked.
 */
export type SqlTokenKind = 'word' | 'identifier' | 'literal' | 'placeholder' | 'punct' | 'rest';

/** One token of a SQL statement. */
export interface SqlToken {
  /** What the token is. */
  readonly kind: SqlTokenKind;
  /** Its text as written (only kept kinds are ever served). */
  readonly text: string;
  /** Whitespace or a comment came before it. */
  readonly space: boolean;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === 36;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const OPERATOR_CHARS = new Set('+-*/<>=~!%^&|#@');
// A word right before a quote that makes it a string: E'…', N'…', X'…', B'…', _utf8'…'.
const STRING_PREFIX = /^(?:[EeNnXxBbRr]|_[A-Za-z0-9]+)$/;
const BOOLEANS = new Set(['true', 'false']);
// Oracle's alternative quoting, q'<delimiter>…<delimiter>' (and nq'…'), with its paired closers.
const Q_QUOTE = /^n?q$/i;
const Q_CLOSERS: Readonly<Record<string, string>> = { '[': ']', '{': '}', '(': ')', '<': '>' };

/**
 * Index just past a quoted run opened at `start`, -1 when unterminated.
 * `ambiguous`: without backslash escapes a `\` met a quote, which a server
 * with backslash escapes on (PostgreSQL's `standard_conforming_strings=off`)
 * reads as an escape: the two readings end the string at different places.
 */
function scanQuoted(
  text: string,
  start: number,
  quote: string,
  backslash: boolean,
): { end: number; ambiguous: boolean } {
  let ambiguous = false;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      if (backslash) j++;
      else if (text[j + 1] === quote) ambiguous = true;
    } else if (c === quote) {
      if (text[j + 1] === quote) j++;
      else return { end: j + 1, ambiguous };
    }
  }
  return { end: -1, ambiguous };
}

/** Index just past a comment starting at `start` (nested block comments, the most conservative reading). */
function commentEnd(text: string, start: number, dialect: SqlDialect): number {
  const c = text[start];
  const next = text[start + 1];
  if ((c === '-' && next === '-') || (c === '#' && dialect.hashComments)) {
    const newline = text.indexOf('\n', start);
    return newline < 0 ? text.length : newline + 1;
  }
  if (c === '/' && next === '*') {
    let depth = 0;
    for (let j = start; j < text.length - 1; j++) {
      if (text[j] === '/' && text[j + 1] === '*') {
        depth++;
        j++;
      } else if (text[j] === '*' && text[j + 1] === '/') {
        depth--;
        j++;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  return -1;
}

function numberEnd(text: string, start: number): number {
  let j = start;
  while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  if (text[j] === '.') {
    j++;
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  }
  const e = text[j];
  if (e === 'e' || e === 'E') {
    const sign = text[j + 1] === '+' || text[j + 1] === '-' ? 1 : 0;
    if (isDigit(text.charCodeAt(j + 1 + sign))) j += 1 + sign;
  }
  // 0xFF, 1e5, 123abc: whatever clings to a number is part of the literal.
  while (j < text.length && (isIdentPart(text.charCodeAt(j)) || text[j] === '.')) j++;
  return j;
}

/**
 * The tokens of a SQL statement, lexed as `dialect` does. Pure, one pass; a
 * construct left open at the end of `text` (a string, a dollar quote, a
 * quoted identifier cut by a bound) is a literal to the end, a comment left
 * open is dropped to the end.
 */
export function sqlTokens(text: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = [];
  let space = false;
  let i = 0;
  const push = (kind: SqlTokenKind, end: number, slice?: string): void => {
    tokens.push({ kind, text: slice ?? text.slice(i, end), space });
    space = false;
    i = end;
  };
  const quoted = (start: number, quote: string, backslash: boolean, kind: SqlTokenKind): void => {
    const { end, ambiguous } = scanQuoted(text, start, quote, backslash);
    if (end < 0 || ambiguous) push('rest', text.length);
    else push(kind, end);
  };
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const c = text[i] as string;
    if (isSpace(code)) {
      space = true;
      i++;
      continue;
    }
    const comment = commentEnd(text, i, dialect);
    if (comment >= 0) {
      space = true;
      i = comment;
      continue;
    }
    if (c === "'") quoted(i, "'", dialect.backslashEscapes, 'literal');
    else if (c === '"') {
      if (dialect.doubleQuotedIdentifiers) quoted(i, '"', false, 'identifier');
      else quoted(i, '"', dialect.backslashEscapes, 'literal');
    } else if (c === '`') quoted(i, '`', false, 'identifier');
    else if (c === '[' && dialect.bracketIdentifiers) quoted(i, ']', false, 'identifier');
    else if (isDigit(code) || (c === '.' && isDigit(text.charCodeAt(i + 1)))) {
      push('literal', numberEnd(text, i));
    } else if (c === '$') lexDollar();
    else if (c === '?') push('placeholder', i + 1);
    else if (c === ':') {
      if (text[i + 1] === ':') push('punct', i + 2);
      else if (isIdentStart(text.charCodeAt(i + 1))) push('placeholder', wordEnd(i + 1));
      else push('punct', i + 1);
    } else if (c === '@' && (isIdentStart(text.charCodeAt(i + 1)) || text[i + 1] === '@')) {
      push('word', wordEnd(i + (text[i + 1] === '@' ? 2 : 1)));
    } else if (isIdentStart(code)) lexWord();
    else if (OPERATOR_CHARS.has(c)) push('punct', operatorEnd());
    else push('punct', i + 1);
  }
  return tokens;

  function wordEnd(from: number): number {
    let j = from;
    while (j < text.length && isIdentPart(text.charCodeAt(j))) j++;
    return j;
  }

  function lexWord(): void {
    const end = wordEnd(i);
    const word = text.slice(i, end);
    if (text[end] === "'" && Q_QUOTE.test(word) && end + 1 < text.length) {
      // Oracle's q'[it's]': the string ends at the closing delimiter and a quote.
      const open = text[end + 1] as string;
      const close = `${Q_CLOSERS[open] ?? open}'`;
      const stop = text.indexOf(close, end + 2);
      push(stop < 0 ? 'rest' : 'literal', stop < 0 ? text.length : stop + 2);
    } else if (text[end] === "'" && STRING_PREFIX.test(word)) {
      const escapes = dialect.backslashEscapes || word === 'E' || word === 'e';
      const start = i;
      i = end;
      quoted(end, "'", escapes, 'literal');
      // The prefix belongs to the literal: its token starts at the word.
      const last = tokens[tokens.length - 1] as SqlToken;
      tokens[tokens.length - 1] = { ...last, text: text.slice(start, i), space: last.space };
    } else if ((word === 'U' || word === 'u') && text[end] === '&' && text[end + 1] === "'") {
      i = end + 1;
      quoted(end + 1, "'", false, 'literal');
    } else {
      // Only a word of 4 or 5 letters can be TRUE or FALSE: no lower-casing of the others.
      const boolean = (word.length === 4 || word.length === 5) && BOOLEANS.has(word.toLowerCase());
      push(boolean ? 'literal' : 'word', end, word);
    }
  }

  function lexDollar(): void {
    if (isDigit(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < text.length && isDigit(text.charCodeAt(j))) j++;
      push('placeholder', j);
      return;
    }
    let j = i + 1;
    if (isIdentStart(text.charCodeAt(j))) {
      while (j < text.length && isIdentPart(text.charCodeAt(j)) && text[j] !== '$') j++;
    }
    if (text[j] !== '$') {
      push('punct', i + 1);
      return;
    }
    const tag = text.slice(i, j + 1);
    const close = text.indexOf(tag, j + 1);
    push(close < 0 ? 'rest' : 'literal', close < 0 ? text.length : close + tag.length);
  }

  function operatorEnd(): number {
    let j = i + 1;
    while (j < text.length && OPERATOR_CHARS.has(text[j] as string)) {
      if (commentEnd(text, j, dialect) >= 0) break;
      if (text[j] === '@' && isIdentStart(text.charCodeAt(j + 1))) break;
      // `=-5`: the sign stays its own token, to be masked with its number.
      if ((text[j] === '-' || text[j] === '+') && /[\d.]/.test(text[j + 1] ?? '')) break;
      j++;
    }
    return j;
  }
}
