import { BadRequestError } from '../http/httpErrors.js';
import { CONTROL_CHARACTERS } from '../reportInputs/sourceNameLimits.js';
import { MAX_ENDPOINT_PARAM_LENGTH } from './parseSlowestParams.js';

/**
 * The optional `endpoint` parameter of `/dashboard/dependencies` and
 * `/dashboard/latency`: absent or empty → undefined (every endpoint); given
 * twice, longer than {@link MAX_ENDPOINT_PARAM_LENGTH} characters, or with
 * control characters → 400.
 */
export function parseEndpointParam(query: URLSearchParams): string | undefined {
  const values = query.getAll('endpoint');
  if (values.length > 1) throw new BadRequestError('endpoint must be given at most once');
  const endpoint = values[0];
  if (endpoint === undefined || endpoint === '') return undefined;
  if (endpoint.length > MAX_ENDPOINT_PARAM_LENGTH) {
    throw new BadRequestError(
      `endpoint must be at most ${MAX_ENDPOINT_PARAM_LENGTH} characters, got ${endpoint.length}`,
    );
  }
  if (CONTROL_CHARACTERS.test(endpoint)) {
    throw new BadRequestError('endpoint must not contain control characters');
  }
  return endpoint;
}
