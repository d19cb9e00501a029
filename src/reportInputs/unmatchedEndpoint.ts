/** The one endpoint every request without a matched route is recorded under. */
export const UNMATCHED_ENDPOINT = 'unmatched';
