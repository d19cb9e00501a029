import { HttpError } from '../http/httpErrors.js';
import type { RequestRejection } from './ReceiverStats.js';

/** google.rpc.Code values for the statuses the receiver sends. */
const GRPC_CODE: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  405: 12, // UNIMPLEMENTED
  408: 4, // DEADLINE_EXCEEDED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3, // INVALID_ARGUMENT
  429: 8, // RESOURCE_EXHAUSTED
  503: 14, // UNAVAILABLE
};

/**
 * A request the receiver refuses whole: an HTTP status (always 4xx or 503),
 * the counter it moves, and the google.rpc.Status code of its error body.
 * Its message is meant for the client (it names what was wrong).
 */
export class ReceiverRejection extends HttpError {
  override name = 'ReceiverRejection';

  constructor(
    status: number,
    /** The drop counter this request moves. */
    readonly reason: RequestRejection,
    message: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(status, message.slice(0, 300), headers);
    (this as { expose: boolean }).expose = true;
  }

  /** The google.rpc.Code of the Status body. */
  get grpcCode(): number {
    return GRPC_CODE[this.status] ?? 2; // UNKNOWN
  }
}
