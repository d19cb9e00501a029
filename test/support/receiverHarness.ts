import http from 'node:http';
import { Dashboard } from '../../src/dashboard/Dashboard.js';
import { DashboardServer } from '../../src/dashboard/DashboardServer.js';
import { loadPageAssets } from '../../src/dashboard/pageAssets.js';
import { DEFAULT_SERVER_TIMEOUTS } from '../../src/http/createHttpServer.js';
import {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  ownServerSettingsOf,
} from '../../src/http/OwnServerSettings.js';
import { OtlpReceiver, type OtlpReceiverOptions } from '../../src/receiver/OtlpReceiver.js';
import type { ReceiverReport } from '../../src/receiver/ReceiverStats.js';
import { RequestStore } from '../../src/store/RequestStore.js';

/** The dashboard's own server with a receiver over a fresh store, on an ephemeral loopback port. */
export interface ReceiverHarness {
  /** `http://127.0.0.1:<port>`: the exporters' OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  readonly store: RequestStore;
  readonly receiver: OtlpReceiver;
  /** The receiver's counts now. */
  report(): ReceiverReport;
  close(): Promise<void>;
}

/** Starts the own-port DashboardServer (the product's) with a receiver; `options` override its limits or token. */
export async function startReceiver(
  options: Omit<OtlpReceiverOptions, 'store'> = {},
): Promise<ReceiverHarness> {
  const store = new RequestStore();
  const receiver = new OtlpReceiver({ ...options, store });
  const dashboard = new Dashboard({
    store,
    tracesExporters: ['memory'],
    metricsHandler: undefined,
    metricsExporters: ['none'],
    dashboardToken: options.dashboardToken,
    assets: () => loadPageAssets(),
    receiver,
    context: () => ({
      activeRequests: 0,
      saturation: {
        event_loop_delay_p99_ms: 0,
        event_loop_utilization: 0,
        heap_used_bytes: 0,
        rss_bytes: 0,
      },
      exporterDroppedSpans: 0,
      receiver: receiver.stats.report(),
    }),
  });
  const server = new DashboardServer(dashboard, {
    port: 0,
    host: '127.0.0.1',
    timeouts: DEFAULT_SERVER_TIMEOUTS,
    limits: ownServerSettingsOf({}),
    log: { info: () => {}, warn: () => {} },
  });
  const url = await server.url;
  if (url === undefined) throw new Error('the dashboard server did not listen');
  return {
    url: new URL(url).origin,
    store,
    receiver,
    report: () => receiver.stats.report(),
    close: () => server.close(DEFAULT_SHUTDOWN_TIMEOUT_MS).then(() => undefined),
  };
}

/** A response read whole, body as bytes. */
export interface OtlpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What {@link request} sends. */
export interface RequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send the body and never end the request: a slow or stalled client. */
  unfinished?: boolean;
}

/**
 * One request on a connection of its own (bodies and headers may be hostile).
 * A server that answers and closes before the body is all sent still gives
 * its answer; a connection closed with no answer rejects.
 */
export function request(base: string, options: RequestOptions): Promise<OtlpResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/v1/traces',
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (options.unfinished === true) req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.unfinished === true) req.write(options.body ?? '');
    else req.end(options.body);
  });
}
