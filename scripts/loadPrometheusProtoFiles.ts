import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The vendored proto/ folder, from dist/scripts or scripts. */
const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

/** The Prometheus exposition schema (`io.prometheus.client.MetricFamily` and what it holds). */
export const PROMETHEUS_PROTO_FILES = ['io/prometheus/client/metrics.proto'];

/** Parses the vendored metrics.proto with protobufjs (its bundled google/protobuf types included). */
export function loadPrometheusProtoFiles(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : path.join(PROTO_DIR, target);
  return root.loadSync(PROMETHEUS_PROTO_FILES, { keepCase: false });
}
