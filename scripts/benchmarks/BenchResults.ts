/** A value parsed from JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Read access to `bench/results.json` by key path. Every read names its path
 * when the value is missing or of the wrong kind, so a renamed key fails the
 * generator loudly rather than printing `undefined` into the docs.
 */
export class BenchResults {
  /** @param root the parsed `bench/results.json`. */
  constructor(private readonly root: Json) {}

  /** Parses the text of `bench/results.json`. */
  static parse(text: string): BenchResults {
    return new BenchResults(JSON.parse(text) as Json);
  }

  /** The value at `keys`, or `undefined` when any step is missing. */
  find(...keys: readonly (string | number)[]): Json | undefined {
    let at: Json | undefined = this.root;
    for (const key of keys) {
      if (at === null || typeof at !== 'object') return undefined;
      at = Array.isArray(at) ? at[Number(key)] : at[String(key)];
    }
    return at;
  }

  /**
   * The number at `keys`.
   * @throws Error naming the path when it is not a number.
   */
  num(...keys: readonly (string | number)[]): number {
    const value = this.find(...keys);
    if (typeof value !== 'number')
      throw new Error(`bench/results.json: no number at ${keys.join('.')}`);
    return value;
  }

  /**
   * The string at `keys`.
   * @throws Error naming the path when it is not a string.
   */
  str(...keys: readonly (string | number)[]): string {
    const value = this.find(...keys);
    if (typeof value !== 'string')
      throw new Error(`bench/results.json: no string at ${keys.join('.')}`);
    return value;
  }

  /**
   * The keys of the object at `keys`, in file order.
   * @throws Error naming the path when it is not an object.
   */
  keysOf(...keys: readonly (string | number)[]): string[] {
    const value = this.find(...keys);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`bench/results.json: no object at ${keys.join('.')}`);
    }
    return Object.keys(value);
  }

  /**
   * The length of the array at `keys`.
   * @throws Error naming the path when it is not an array.
   */
  lengthOf(...keys: readonly (string | number)[]): number {
    const value = this.find(...keys);
    if (!Array.isArray(value)) throw new Error(`bench/results.json: no array at ${keys.join('.')}`);
    return value.length;
  }
}
