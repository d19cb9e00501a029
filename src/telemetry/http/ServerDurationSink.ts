/**
 * Where the lean HTTP path records one server request's duration, given the
 * values of the stock `http.server.request.duration` attributes (undefined:
 * the attribute is absent), so that no attribute object is built or hashed
 * per request.
 */
export interface ServerDurationSink {
  /** Records one request of `seconds`; `traceId`: its trace, kept as an exemplar. */
  record(
    seconds: number,
    method: string,
    scheme: string,
    protocolVersion: string | undefined,
    route: unknown,
    status: number | undefined,
    errorType: string | undefined,
    traceId?: string,
  ): void;
}
