import type { Source } from './Source.js';

/** Which sources a query reads: one service, one instance id, both, or (neither) all of them. */
export interface SourceFilter {
  readonly service?: string | undefined;
  readonly instance?: string | undefined;
}

/** No filter: every source, the union. */
export const ALL_SOURCES: SourceFilter = Object.freeze({});

/** True when the filter names neither a service nor an instance. */
export function isUnfiltered(filter: SourceFilter): boolean {
  return filter.service === undefined && filter.instance === undefined;
}

/** True when `source` (or anything with a service and instance, such as an error entry) passes. */
export function matchesSource(
  filter: SourceFilter,
  source: Pick<Source, 'service' | 'instance'>,
): boolean {
  return (
    (filter.service === undefined || source.service === filter.service) &&
    (filter.instance === undefined || source.instance === filter.instance)
  );
}
