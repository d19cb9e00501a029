/**
 * The service/instance selector's logic, apart from the DOM: which choices
 * to offer, the filter a choice stands for, and the URL parameters that
 * carry it. The selector shows only when there is more than one service or
 * instance to choose between.
 */
import type { InstanceAnswer } from './apiTypes.js';

/** A filter the page can ask the API for: everything, one service, or one instance of one. */
export interface SourceChoice {
  readonly service?: string | undefined;
  readonly instance?: string | undefined;
}

/** One `<option>` of the selector. */
export interface SourceOption {
  /** The choice as URL parameters (`service=api&instance=h%3A1`); `''` for all. */
  readonly value: string;
  readonly label: string;
}

/** The choice the URL names (`?service=…&instance=…`); none: all sources. */
export function sourceFromSearch(search: string): SourceChoice {
  const params = new URLSearchParams(search);
  return {
    service: params.get('service') || undefined,
    instance: params.get('instance') || undefined,
  };
}

/** The choice as URL parameters, without `?`; `''` for all. */
export function sourceParams(choice: SourceChoice): string {
  const params = new URLSearchParams();
  if (choice.service !== undefined) params.set('service', choice.service);
  if (choice.instance !== undefined) params.set('instance', choice.instance);
  return params.toString();
}

/** The query string with the choice set (or cleared) and every other parameter kept, starting with `?`. */
export function searchWithSource(search: string, choice: SourceChoice): string {
  const params = new URLSearchParams(search);
  params.delete('service');
  params.delete('instance');
  for (const [k, v] of new URLSearchParams(sourceParams(choice))) params.set(k, v);
  return `?${params.toString()}`;
}

/** True when there is something to choose: more than one service or instance. */
export function offersChoice(instances: readonly InstanceAnswer[]): boolean {
  return instances.length > 1;
}

/**
 * The options: all; then each service, followed by its instances when it has
 * more than one (a service of one instance is that instance). The current
 * choice is kept even when no longer listed, so the selector shows it.
 */
export function sourceOptions(
  instances: readonly InstanceAnswer[],
  current: SourceChoice,
): SourceOption[] {
  const options: SourceOption[] = [{ value: '', label: 'All services' }];
  const services = [...new Set(instances.map((i) => i.service))];
  for (const service of services) {
    const own = instances.filter((i) => i.service === service);
    options.push({
      value: sourceParams({ service }),
      label: `${service} (${own.length === 1 ? '1 instance' : `${own.length} instances`})`,
    });
    if (own.length < 2) continue;
    for (const i of own) {
      const status = i.alive ? '' : ' · not reporting';
      options.push({
        value: sourceParams({ service, instance: i.instance }),
        label: `${service} · ${i.instance}${status}`,
      });
    }
  }
  const value = sourceParams(current);
  if (!options.some((o) => o.value === value)) {
    const label = [current.service ?? 'any service', current.instance].filter(Boolean).join(' · ');
    options.push({ value, label: `${label} (no data)` });
  }
  return options;
}
