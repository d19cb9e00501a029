import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The vendored proto/ folder, from dist/scripts or scripts. */
const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

/** The files the receiver needs; each imports the rest. */
export const OTLP_PROTO_FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'google/rpc/status.proto',
];

/** Parses the vendored .proto files with protobufjs (its bundled google/protobuf types included). */
export function loadOtlpProtoFiles(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/protobuf/') ? target : path.join(PROTO_DIR, target);
  return root.loadSync(OTLP_PROTO_FILES, { keepCase: false });
}
