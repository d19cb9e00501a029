import { type AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { normalizeStatement } from '../privacy/normalizeStatement.js';
import { identityOf } from '../reportInputs/ResourceIdentity.js';
import type { CallRecord, DependencyKind } from '../store/dependencies/CallRecord.js';
import { dependencyAddress } from './dependencyAddress.js';
import type { RequestSpan } from './RequestSpan.js';
import type { ResourceIdentities } from './ResourceIdentities.js';
import { sqlOperation } from './sqlOperation.js';

const INVALID_TRACE_ID = '00000000000000000000000000000000';
const INVALID_SPAN_ID = '0000000000000000';
/** Instance of a resource naming none, when the caller gives no {@link ResourceIdentities}. */
const UNKNOWN_INSTANCE = 'unknown_instance';
/** Systems whose calls are a cache's: system and command. */
const CACHE_SYSTEMS: ReadonlySet<string> = new Set(['redis', 'memcached', 'valkey']);
/** HTTP methods kept as they are; any other is `_OTHER` (as the semantic conventions say). */
const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);
/** A name a system, namespace or command may have; anything else is not shown. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:/$@-]{0,63}$/;
/** A span name shown as a dependency: dotted words, no space or slash. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** A command or operation word. */
const WORD = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

/** A finished span as {@link spanToCall} reads it: {@link RequestSpan}, with its status code, name and parent. */
export interface CallSpan extends RequestSpan {
  readonly status: { readonly code?: SpanStatusCode; readonly message?: string };
  /** The span's name: a cache command when the attributes name none. */
  readonly name?: string;
  /** The parent's context (SDK 2.x and later, and received spans); undefined for a root span. */
  readonly parentSpanContext?: { readonly spanId: string } | undefined;
}

/** A string attribute under the new name, else the old one; undefined when neither is a non-empty string. */
function text(attrs: CallSpan['attributes'], stable: string, old?: string): string | undefined {
  const v = attrs[stable] ?? (old === undefined ? undefined : attrs[old]);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A number attribute (a port, a status) under the new name, else the old one; strings of digits too. */
function integer(attrs: CallSpan['attributes'], stable: string, old: string): number | undefined {
  const v: AttributeValue | undefined = attrs[stable] ?? attrs[old];
  const n = typeof v === 'string' && /^[0-9]{1,5}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65_535 ? n : undefined;
}

/** `value` when it looks like a name, else undefined. */
function named(value: string | undefined): string | undefined {
  return value !== undefined && NAME.test(value) ? value : undefined;
}

/**
 * Maps a finished CLIENT (or PRODUCER) span to a call record, or
 * `undefined` for other kinds. Pure, like `spanToRequest`: reads old and
 * new semantic conventions (`db.system`/`db.system.name`, `db.name`/
 * `db.namespace`, `db.statement`/`db.query.text`, `net.peer.*`/`server.*`,
 * `http.*`). HTTP calls are named `host:port` (from `url.full` only the
 * host and port, never its path or query), databases by system and
 * namespace, caches by system and address. A statement goes through
 * `normalizeStatement` (or `normalize`, a cache of it) and only its masked
 * form is kept; nothing raw is.
 */
export function spanToCall(
  span: CallSpan,
  identities?: ResourceIdentities,
  normalize: (system: string, text: string) => string = normalizeStatement,
): CallRecord | undefined {
  if (span.kind !== SpanKind.CLIENT && span.kind !== SpanKind.PRODUCER) return undefined;
  const attrs = span.attributes;
  const identity =
    identities?.of(span.resource) ?? identityOf(span.resource.attributes, UNKNOWN_INSTANCE);
  const dbSystem = named(text(attrs, 'db.system.name', 'db.system')?.toLowerCase());
  const messaging = named(text(attrs, 'messaging.system'));
  const method = text(attrs, 'http.request.method', 'http.method');
  const statusCode = integer(attrs, 'http.response.status_code', 'http.status_code');
  const address = dependencyAddress(attrs);
  let kind: DependencyKind;
  let system: string;
  let dependency: string;
  let operation: string;
  let statement: string | undefined;
  if (dbSystem !== undefined) {
    system = dbSystem;
    const query = text(attrs, 'db.query.text', 'db.statement');
    statement = query === undefined ? undefined : normalize(system, query);
    const opName = text(attrs, 'db.operation.name', 'db.operation');
    if (CACHE_SYSTEMS.has(system)) {
      kind = 'cache';
      dependency = address === undefined ? system : `${system} ${address}`;
      // The normalised statement of a cache is its command alone: no key or value.
      const command = opName ?? (statement !== '?' ? statement : undefined) ?? span.name;
      operation = command !== undefined && WORD.test(command) ? command.toUpperCase() : 'OTHER';
    } else {
      kind = 'database';
      const namespace = named(text(attrs, 'db.namespace', 'db.name'));
      dependency = `${system} ${namespace ?? address ?? 'unknown'}`;
      const collection = named(
        text(attrs, 'db.collection.name', 'db.sql.table') ?? text(attrs, 'db.mongodb.collection'),
      );
      operation = sqlOperation(opName, collection, statement);
    }
  } else if (
    method !== undefined ||
    statusCode !== undefined ||
    text(attrs, 'url.full', 'http.url') !== undefined
  ) {
    kind = 'http';
    system = 'http';
    dependency = address ?? 'unknown';
    const upper = method?.toUpperCase();
    operation = upper !== undefined && HTTP_METHODS.has(upper) ? upper : '_OTHER';
  } else if (messaging !== undefined) {
    kind = 'messaging';
    system = messaging;
    const destination = named(text(attrs, 'messaging.destination.name', 'messaging.destination'));
    dependency = `${system} ${destination ?? address ?? 'unknown'}`;
    const op = text(attrs, 'messaging.operation.name', 'messaging.operation');
    operation = op !== undefined && WORD.test(op) ? op : 'publish';
  } else {
    kind = 'other';
    const rpc = named(text(attrs, 'rpc.system'));
    system = rpc ?? 'other';
    const service = named(text(attrs, 'rpc.service'));
    // A client span of no known kind (dns.lookup): its name when it is a plain word, never a path.
    const spanName = span.name !== undefined && PLAIN_NAME.test(span.name) ? span.name : undefined;
    dependency =
      service !== undefined ? `${system} ${service}` : (address ?? spanName ?? 'unknown');
    const rpcMethod = text(attrs, 'rpc.method');
    operation = rpcMethod !== undefined && WORD.test(rpcMethod) ? rpcMethod : 'CALL';
  }
  const status = span.status.code;
  const error =
    status === SpanStatusCode.ERROR ||
    (kind === 'http' && (statusCode === undefined || statusCode >= 500));
  const context = span.spanContext();
  const record: { -readonly [K in keyof CallRecord]: CallRecord[K] } = {
    timestampMs: span.endTime[0] * 1e3 + span.endTime[1] / 1e6,
    durationMs: (span.duration[0] * 1e9 + span.duration[1]) / 1e6,
    kind,
    system,
    dependency,
    operation,
    error,
    traceId: context.traceId === INVALID_TRACE_ID ? '' : context.traceId,
    spanId:
      context.spanId === undefined || context.spanId === INVALID_SPAN_ID ? '' : context.spanId,
    service: identity.service,
    instance: identity.instance,
  };
  // '' for a root span: a call no request made (start-up, a timer), unattributed at once.
  const parent = span.parentSpanContext?.spanId;
  record.parentSpanId = parent === undefined || parent === INVALID_SPAN_ID ? '' : parent;
  if (statement !== undefined) record.statement = statement;
  if (statusCode !== undefined && kind === 'http') record.statusCode = statusCode;
  if (error) record.errorType = errorTypeOf(span, statusCode);
  return record;
}

/**
 * `error.type`, else the exception's class, else `HTTP <status>`, else
 * `error`. An `error.type` that is only a status code loses to a class.
 */
function errorTypeOf(span: CallSpan, statusCode: number | undefined): string {
  const recorded = span.attributes['error.type'];
  const code = typeof recorded === 'string' && /^[0-9]{3}$/.test(recorded) ? recorded : undefined;
  if (typeof recorded === 'string' && code === undefined && NAME.test(recorded)) return recorded;
  const thrown = span.events.find((e) => e.name === 'exception')?.attributes?.['exception.type'];
  if (typeof thrown === 'string' && NAME.test(thrown)) return thrown;
  if (code !== undefined) return `HTTP ${code}`;
  return statusCode !== undefined ? `HTTP ${statusCode}` : 'error';
}
