import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { type CollectedSpan, decodeProtobufRequest } from './OtlpCollectorDouble.js';

/** The OTLP trace service's one method, with raw bytes in and out (decoded by protobufjs). */
const TRACE_SERVICE: ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

/** A test double for an OpenTelemetry Collector's OTLP/gRPC trace service: a real grpc-js server on 127.0.0.1, decoded with protobufjs. */
export class OtlpGrpcCollectorDouble {
  /** Every span decoded, in arrival order. */
  readonly spans: CollectedSpan[] = [];
  /** The metadata of every call. */
  readonly metadata: Metadata[] = [];
  /** Messages that could not be decoded. */
  readonly errors: string[] = [];

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:PORT`, the value for `OTEL_EXPORTER_OTLP_ENDPOINT` (http: means no TLS). */
    readonly url: string,
  ) {}

  /** Starts a receiver on an ephemeral loopback port. */
  static async start(): Promise<OtlpGrpcCollectorDouble> {
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
        err === null ? resolve(p) : reject(err),
      ),
    );
    const receiver = new OtlpGrpcCollectorDouble(server, `http://127.0.0.1:${port}`);
    server.addService(TRACE_SERVICE, {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        receiver.metadata.push(call.metadata);
        try {
          receiver.spans.push(...decodeProtobufRequest(call.request));
        } catch (err) {
          receiver.errors.push(String(err));
        }
        // An empty ExportTraceServiceResponse: full success.
        callback(null, Buffer.alloc(0));
      },
    });
    return receiver;
  }

  /** Stops at once, dropping open calls. */
  close(): Promise<void> {
    this.server.forceShutdown();
    return Promise.resolve();
  }
}
