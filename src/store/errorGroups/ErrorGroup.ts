import type { Source } from '../Source.js';

/** The template of the group that errors past the group limit fold into, one per source. */
export const OTHER_ERROR_GROUP = 'other';

/** One error fingerprint: a source's errors of one type, message template and endpoint. */
export interface ErrorGroup {
  /** A small integer unique among live groups (reused once a group is forgotten): what buckets count by. */
  readonly index: number;
  readonly source: Source;
  /** Empty for the `other` group. */
  readonly endpoint: string;
  /** The error's label (`ValidationError`, `HTTP 404`); empty for the `other` group. */
  readonly errorType: string;
  /** The masked message, or {@link OTHER_ERROR_GROUP}. */
  readonly template: string;
  /** True for the group past the limit. */
  readonly other: boolean;
  /** When its first error was seen (or restored). */
  firstSeenMs: number;
  /** When its newest error was seen. */
  lastSeenMs: number;
  /** Trace id of its newest error, `''` if none. */
  sampleTraceId: string;
}
