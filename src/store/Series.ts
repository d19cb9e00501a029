import type { EndpointKey } from './EndpointKey.js';
import type { Source } from './Source.js';

/** One series: a combination of source (service × instance), endpoint, method, status and error type. */
export interface Series {
  /** The service instance that recorded it. */
  readonly source: Source;
  /** Its source and endpoint: the latency row it adds to. */
  readonly key: EndpointKey;
  /** Route template, `unmatched`, or the overflow endpoint. */
  readonly endpoint: string;
  /** HTTP method. */
  readonly method: string;
  /** HTTP status code. */
  readonly statusCode: number;
  /** Error type for errors as recorded (`''` when untyped), `''` for successes. */
  readonly errorType: string;
  /** A small integer unique among live series (reused once a series is forgotten), for array look-ups. */
  readonly index: number;
  /** Start of the newest bucket this series was recorded in; used to forget idle series. */
  lastBucketStart: number;
}
