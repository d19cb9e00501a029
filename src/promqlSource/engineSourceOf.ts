import { HttpPromQlClient } from '../promql/HttpPromQlClient.js';
import type { PrometheusEngineSettings } from '../promql/PrometheusEngineSettings.js';
import { DURATION_METRIC } from './aggregatesOf.js';
import { EngineStoreLoader } from './EngineStoreLoader.js';
import type { EngineSource } from './engineRoutes.js';
import { quote, sourceMatchers } from './requestLabels.js';
import { saturationOverEngine } from './saturationOverEngine.js';

/** Most exemplar trace ids a per-process answer lists. */
export const EXEMPLAR_TRACE_ID_LIMIT = 20;

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
  const labels = { serviceLabel: settings.serviceLabel, instanceLabel: settings.instanceLabel };
  return {
    load: (windows, filter) => loader.load(windows, filter),
    exemplarTraceIds: (periodMs, filter, endpoint) => {
      const nowMs = Date.now();
      const route = endpoint === undefined ? [] : [`http_route=${quote(endpoint)}`];
      const asked = sourceMatchers(filter, labels).map((m) =>
        client.exemplarTraceIds(
          `{${[`__name__=~"${DURATION_METRIC}(_bucket)?"`, ...m, ...route].join(',')}}`,
          nowMs - periodMs,
          nowMs,
          EXEMPLAR_TRACE_ID_LIMIT,
        ),
      );
      // Exemplars are a pointer, never the answer: an engine that cannot give them gives none.
      return Promise.all(asked).then(
        (lists) => [...new Set(lists.flat())].slice(0, EXEMPLAR_TRACE_ID_LIMIT),
        () => [],
      );
    },
    saturation: (periodMs, filter) => {
      const nowMs = Date.now();
      return saturationOverEngine(client, labels, filter, nowMs - periodMs, nowMs);
    },
    backend: { kind: 'prometheus', engine: new URL(settings.url).host },
    close: () => client.close(),
  };
}
