import {
  OWN_INSTANCE_LABEL,
  OWN_SERVICE_LABEL,
  type PrometheusEngineSettings,
} from './PrometheusEngineSettings.js';

/** The service and instance a series belongs to, as the dashboard names them. */
export interface SeriesIdentity {
  readonly service: string;
  readonly instance: string;
}

/** The label mapping part of the settings. */
export type LabelMapping = Pick<PrometheusEngineSettings, 'serviceLabel' | 'instanceLabel'>;

/**
 * Who a series is: `service_name` and `service_instance_id` when it carries
 * them (an instance a cluster's primary or `golden-signals serve` received),
 * else the configured labels (`job` and `instance` by default, which the
 * scrape sets); `unknown_service` / `unknown_instance` when neither is there.
 */
export function seriesIdentity(
  metric: Readonly<Record<string, string>>,
  mapping: LabelMapping,
): SeriesIdentity {
  const own = metric[OWN_SERVICE_LABEL];
  const ownInstance = metric[OWN_INSTANCE_LABEL];
  const service = own !== undefined && own !== '' ? own : metric[mapping.serviceLabel];
  const instance =
    ownInstance !== undefined && ownInstance !== '' ? ownInstance : metric[mapping.instanceLabel];
  return {
    service: service === undefined || service === '' ? 'unknown_service' : service,
    instance: instance === undefined || instance === '' ? 'unknown_instance' : instance,
  };
}
