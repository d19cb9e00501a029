import { HttpError } from './httpErrors.js';

/** 500: the (simulated) model failed. Its message is recorded on the span, never sent. */
export class ModelError extends HttpError {
  override name = 'ModelError';
  constructor(message: string) {
    super(500, message);
  }
}
