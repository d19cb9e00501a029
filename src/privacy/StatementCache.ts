import { normalizeStatement } from './normalizeStatement.js';

/** Normalised statements a {@link StatementCache} holds at most; when full it starts over. */
export const STATEMENT_CACHE_LIMIT = 1000;
/** Longest raw statement (characters) a {@link StatementCache} keeps; a longer one is normalised each time. */
export const STATEMENT_CACHE_MAX_KEY_LENGTH = 1000;

/**
 * `normalizeStatement` behind a bounded cache keyed by system and raw text:
 * an app runs the same few statements over and over, and masking one costs
 * microseconds, a look-up a hash. Clear-on-full (O(1) per call, at most
 * {@link STATEMENT_CACHE_LIMIT} entries of at most
 * {@link STATEMENT_CACHE_MAX_KEY_LENGTH} characters). The answer is the
 * same as `normalizeStatement`'s, so no literal is kept: the keys are raw
 * statements, but held only here, never served.
 */
export class StatementCache {
  private readonly byText = new Map<string, string>();
  /** Statements normalised (not found in the cache), since start. */
  misses = 0;

  /** The statement normalised, as `normalizeStatement(system, text)`. */
  readonly normalize = (system: string, text: string): string => {
    if (text.length > STATEMENT_CACHE_MAX_KEY_LENGTH) return normalizeStatement(system, text);
    const key = `${system}\u0000${text}`;
    const found = this.byText.get(key);
    if (found !== undefined) return found;
    this.misses++;
    const out = normalizeStatement(system, text);
    if (this.byText.size >= STATEMENT_CACHE_LIMIT) this.byText.clear();
    this.byText.set(key, out);
    return out;
  };

  /** Statements held. */
  get size(): number {
    return this.byText.size;
  }
}
