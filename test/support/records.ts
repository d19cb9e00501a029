import type { RequestRecord } from '../../src/store/RequestRecord.js';

/** A successful GET on `/items` at `timestampMs`, with any field overridden. */
export function request(
  timestampMs: number,
  overrides: Partial<RequestRecord> = {},
): RequestRecord {
  return {
    timestampMs,
    durationMs: 10,
    endpoint: '/items',
    method: 'GET',
    statusCode: 200,
    ...overrides,
  };
}
