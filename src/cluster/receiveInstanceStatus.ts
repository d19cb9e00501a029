import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, UnsupportedMediaTypeError } from '../http/httpErrors.js';
import { readBoundedBody } from '../receiver/readBoundedBody.js';
import type { InstanceStatusBoard } from './InstanceStatusBoard.js';
import { parseInstanceStatus } from './parseInstanceStatus.js';

/** Largest instance status body: a few hundred bytes in practice. */
export const MAX_STATUS_BYTES = 16_384;

/**
 * Takes a forwarding worker's status (`POST /v1/instance-status`, JSON,
 * after the dashboard checked its token and method) onto `board`, and
 * answers 204. Throws typed HTTP errors for the caller's one error path:
 * 415 for another content type, 413 for an oversized body, 400 for a body
 * that is not a status.
 */
export async function receiveInstanceStatus(
  req: IncomingMessage,
  res: ServerResponse,
  board: InstanceStatusBoard,
  now: () => number = Date.now,
): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new UnsupportedMediaTypeError('Content-Type must be application/json');
  }
  const body = await readBoundedBody(req, {
    maxBytes: MAX_STATUS_BYTES,
    timeoutMs: 5_000,
    gzip: false,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequestError('the body is not JSON');
  }
  const status = parseInstanceStatus(parsed);
  if (typeof status === 'string') throw new BadRequestError(status);
  board.accept(status, now());
  res.statusCode = 204;
  res.end();
}
