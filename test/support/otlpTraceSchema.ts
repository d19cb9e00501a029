import protobuf from 'protobufjs';

/**
 * The part of the OTLP/protobuf trace schema a receiver needs, written after
 * opentelemetry-proto (collector/trace/v1, trace/v1, resource/v1, common/v1)
 * with the same message names, field types and numbers, in one package (the
 * wire format carries no package names). Fields not listed are skipped by the
 * decoder, as protobuf requires.
 */
const SCHEMA = `
syntax = "proto3";
package opentelemetry.proto;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
message Status {
  string message = 2;
  int32 code = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  Status status = 15;
  fixed32 flags = 16;
}
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse {}
`;

const root = protobuf.parse(SCHEMA, { keepCase: false }).root;

/** `opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest` (package shortened). */
export const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.ExportTraceServiceRequest',
);
/** The empty `ExportTraceServiceResponse`: a full success. */
export const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.ExportTraceServiceResponse',
);
