import { createRequire } from 'node:module';
import type protobuf from 'protobufjs';

/**
 * protobufjs, loaded on first use rather than on import: only a protobuf
 * scrape of `/metrics` and an OTLP receive need it, and an idle process
 * that never sees either keeps its code (about 5 MB resident) out. Node's
 * module cache makes every later call a look-up.
 * @throws the loader's error when the package cannot be loaded; the
 * callers run inside a request's guarded handling, which answers it.
 */
export function loadProtobufjs(): typeof protobuf {
  return createRequire(import.meta.url)('protobufjs') as typeof protobuf;
}
