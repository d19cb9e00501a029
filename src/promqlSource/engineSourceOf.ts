import { HttpPromQlClient } from '../promql/HttpPromQlClient.js';
import type { PrometheusEngineSettings } from '../promql/PrometheusEngineSettings.js';
import { EngineStoreLoader } from './EngineStoreLoader.js';
import type { EngineSource } from './engineRoutes.js';

/** An engine source and the way to release it (its kept-alive sockets). */
export interface OpenEngineSource extends EngineSource {
  /** Closes the client's sockets. */
  close(): void;
}

/**
 * The dashboard's source over the engine `settings` name: an HTTP client,
 * and a loader that fills a store per window asked.
 * @throws ConfigError when the CA file cannot be read.
 */
export function engineSourceOf(settings: PrometheusEngineSettings): OpenEngineSource {
  const client = new HttpPromQlClient(settings);
  const loader = new EngineStoreLoader({
    client,
    labels: { serviceLabel: settings.serviceLabel, instanceLabel: settings.instanceLabel },
  });
  return {
    load: (windows, filter) => loader.load(windows, filter),
    backend: { kind: 'prometheus', engine: new URL(settings.url).host },
    close: () => client.close(),
  };
}
