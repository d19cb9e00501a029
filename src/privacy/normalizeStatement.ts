import { maskSql } from './statement/maskSql.js';
import { mongoShape } from './statement/mongoShape.js';
import { sqlDialectOf } from './statement/SqlDialect.js';

/** Characters of a statement read at most: the rest is never looked at (4 KB). */
export const MAX_STATEMENT_INPUT_LENGTH = 4096;
/** Characters of a normalised statement at most; a longer one ends in `…`. */
export const MAX_STATEMENT_OUTPUT_LENGTH = 512;

// Key-value stores whose statement is `COMMAND key value…`: only the command is kept.
const COMMAND_SYSTEMS = new Set(['redis', 'valkey', 'keydb', 'dragonfly', 'memcached']);
const COMMAND = /^[A-Za-z][A-Za-z0-9_.]{0,31}$/;

function commandOf(text: string): string {
  const word = text.trimStart().split(/\s/, 1)[0] ?? '';
  return COMMAND.test(word) ? word.toUpperCase() : '?';
}

/**
 * A statement with every literal masked, fit to be stored and served: SQL
 * (the default) with strings, numbers, hex, booleans and `IN`/`VALUES` lists
 * as `?`, placeholders kept, comments dropped and whitespace collapsed
 * (`SELECT * FROM users WHERE id = ?`); Redis and other key-value stores as
 * the command alone (`GET`); MongoDB as operation, collection and filter shape
 * (`find users {name:?}`). `system` is the span's `db.system(.name)`. Pure; reads at
 * most {@link MAX_STATEMENT_INPUT_LENGTH} characters and returns at most
 * {@link MAX_STATEMENT_OUTPUT_LENGTH}; never returns a literal of the input.
 */
export function normalizeStatement(system: string, text: string): string {
  const input =
    text.length > MAX_STATEMENT_INPUT_LENGTH ? text.slice(0, MAX_STATEMENT_INPUT_LENGTH) : text;
  const kind = system.toLowerCase();
  let out: string;
  if (COMMAND_SYSTEMS.has(kind)) out = commandOf(input);
  else if (kind === 'mongodb') out = mongoShape(input);
  else out = maskSql(input, sqlDialectOf(kind));
  return out.length > MAX_STATEMENT_OUTPUT_LENGTH
    ? `${out.slice(0, MAX_STATEMENT_OUTPUT_LENGTH - 1)}…`
    : out;
}
