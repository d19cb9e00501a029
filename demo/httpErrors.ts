/**
 * The demo's typed HTTP errors, its own as they would be any app's: routes
 * and middleware throw them, `errorHandler` renders them. `expose` is true
 * only for 4xx, as in Koa: a 5xx message never reaches a client. `name`
 * becomes the span's `error.type`.
 */
export class HttpError extends Error {
  /** Whether the message may be shown to the client. */
  readonly expose: boolean;

  constructor(
    /** HTTP status code, 400–599. */
    readonly status: number,
    message: string,
    /** Response headers to set, such as `Allow`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.expose = status < 500;
  }
}

/** 400: the body is not valid JSON, or the request is malformed. */
export class BadRequestError extends HttpError {
  override name = 'BadRequestError';
  constructor(message: string) {
    super(400, message);
  }
}

/** 404: no route has this path. */
export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(message = 'Not found') {
    super(404, message);
  }
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends HttpError {
  override name = 'MethodNotAllowedError';
  constructor(allowed: readonly string[]) {
    super(405, `Method not allowed; use ${allowed.join(', ')}`, { Allow: allowed.join(', ') });
  }
}

/** 413: the body is over the limit. */
export class PayloadTooLargeError extends HttpError {
  override name = 'PayloadTooLargeError';
  constructor(limitBytes: number) {
    super(413, `Request body is over the limit of ${limitBytes} bytes`);
  }
}

/** 415: the body is not JSON, or not in an encoding we read. */
export class UnsupportedMediaTypeError extends HttpError {
  override name = 'UnsupportedMediaTypeError';
  constructor(message: string) {
    super(415, message);
  }
}

/** 422: well-formed JSON that breaks the schema. */
export class ValidationError extends HttpError {
  override name = 'ValidationError';
  constructor(message: string) {
    super(422, message);
  }
}
