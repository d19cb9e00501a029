import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import {
  AggregationTemporality,
  DataPointType,
  type HistogramMetricData,
  InstrumentType,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BucketExemplars } from '../prometheus/BucketExemplars.js';
import { ExponentialBuckets } from '../prometheus/ExponentialBuckets.js';
import type { ServerDurationSink } from './ServerDurationSink.js';

/** instrumentation-http's meter (its instrumentation scope name). */
export const HTTP_INSTRUMENTATION_SCOPE = '@opentelemetry/instrumentation-http';
/** The stable-semconv server duration histogram instrumentation-http records. */
export const SERVER_DURATION_METRIC = 'http.server.request.duration';
/** Its bucket boundaries (instrumentation-http's `explicitBucketBoundaries` advice), in seconds. */
export const SERVER_DURATION_BOUNDARIES: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);
/**
 * The most series kept, as sdk-metrics' default cardinality limit: past
 * `limit - 1` series, new ones fold into one `otel.metric.overflow=true`
 * series, as the SDK does. That series' count is what the limit dropped.
 */
export const SERVER_DURATION_SERIES_LIMIT = 2_000;

const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** One series: its attributes, built once, and a cumulative histogram. */
interface Cell {
  readonly method: string;
  readonly scheme: string;
  readonly protocolVersion: string | undefined;
  readonly errorType: string | undefined;
  readonly attributes: Attributes;
  readonly counts: number[];
  /** The same requests in native-histogram buckets (the protobuf exposition's). */
  readonly native: ExponentialBuckets;
  /** Each classic bucket's latest traced request. */
  readonly exemplars: BucketExemplars;
  readonly startTime: HrTime;
  sum: number;
  count: number;
  min: number;
  max: number;
}

/**
 * `http.server.request.duration` kept by golden-signals instead of the
 * sdk-metrics histogram, so that a request costs one Map lookup by a short
 * key rather than `hashAttributes` over an attribute object. At scrape time
 * {@link mergeInto} writes its series into instrumentation-http's own
 * metric in a collection result, with the same name, unit, buckets and
 * attributes, so that the Prometheus exposition is the stock one. Series
 * the SDK histogram holds too (requests the stock path served) are added
 * together. Cumulative only: it serves a Prometheus reader.
 */
export class ServerDurationHistogram implements ServerDurationSink {
  /**
   * The series by route, then status, then a short list: the route and
   * method strings are the same objects request after request, so the look-up
   * hashes no new string (a joined key did, costing about a microsecond).
   */
  private readonly byRoute = new Map<unknown, Map<number | undefined, Cell[]>>();
  private cellCount = 0;
  private overflow: Cell | undefined;
  /** The protobuf scrapes so far: each bucket's exemplar is renewed once per scrape. */
  private scrapes = 0;
  private readonly now: () => number;
  private readonly scopeVersion: string;
  private readonly extra: Attributes | undefined;

  /**
   * `scopeVersion`: instrumentation-http's version, its meter's scope version;
   * `extraAttributes`: attributes every series carries after the stock ones
   * (a received instance's `service.name` and `service.instance.id`).
   */
  constructor(options: { scopeVersion: string; now?: () => number; extraAttributes?: Attributes }) {
    this.scopeVersion = options.scopeVersion;
    this.now = options.now ?? Date.now;
    this.extra = options.extraAttributes;
  }

  /** The number of series held (the overflow series included). */
  get seriesCount(): number {
    return this.cellCount + (this.overflow === undefined ? 0 : 1);
  }

  record(
    seconds: number,
    method: string,
    scheme: string,
    protocolVersion: string | undefined,
    route: unknown,
    status: number | undefined,
    errorType: string | undefined,
    traceId?: string,
  ): void {
    if (Number.isNaN(seconds)) return;
    const cells = this.byRoute.get(route)?.get(status);
    let cell: Cell | undefined;
    for (let i = 0; cells !== undefined && i < cells.length; i++) {
      const c = cells[i] as Cell;
      if (
        c.method === method &&
        c.errorType === errorType &&
        c.scheme === scheme &&
        c.protocolVersion === protocolVersion
      ) {
        cell = c;
        break;
      }
    }
    if (cell === undefined) {
      if (this.cellCount >= SERVER_DURATION_SERIES_LIMIT - 1) {
        this.overflow ??= this.newCell(
          this.extra === undefined ? OVERFLOW : Object.freeze({ ...OVERFLOW, ...this.extra }),
          '',
          '',
          undefined,
          undefined,
        );
        cell = this.overflow;
      } else {
        // The stock metric attributes, in the stock key order.
        const attributes: Attributes = { 'http.request.method': method, 'url.scheme': scheme };
        if (protocolVersion !== undefined) attributes['network.protocol.version'] = protocolVersion;
        if (route !== undefined) attributes['http.route'] = route as string;
        if (status !== undefined) attributes['http.response.status_code'] = status;
        if (errorType !== undefined) attributes['error.type'] = errorType;
        if (this.extra !== undefined) Object.assign(attributes, this.extra);
        cell = this.newCell(Object.freeze(attributes), method, scheme, protocolVersion, errorType);
        this.add(route, status, cell);
      }
    }
    cell.count += 1;
    cell.sum += seconds;
    if (seconds < cell.min) cell.min = seconds;
    if (seconds > cell.max) cell.max = seconds;
    // The first boundary not below the value (upper bounds are inclusive), as sdk-metrics.
    const bounds = SERVER_DURATION_BOUNDARIES;
    let i = 0;
    while (i < bounds.length && (bounds[i] as number) < seconds) i++;
    (cell.counts[i] as number)++;
    cell.native.record(seconds);
    if (traceId !== undefined && cell.exemplars.wants(i, this.scrapes)) {
      cell.exemplars.record(i, seconds, traceId, this.now(), this.scrapes);
    }
  }

  /** Each series' attributes, count, native buckets and exemplars (the overflow series included); starts a scrape. */
  nativeSeries(): {
    attributes: Attributes;
    count: number;
    native: ExponentialBuckets;
    exemplars: BucketExemplars;
  }[] {
    const cells: Cell[] = [];
    for (const byStatus of this.byRoute.values()) {
      for (const list of byStatus.values()) cells.push(...list);
    }
    if (this.overflow !== undefined) cells.push(this.overflow);
    this.scrapes++;
    return cells.map(({ attributes, count, native, exemplars }) => ({
      attributes,
      count,
      native,
      exemplars,
    }));
  }

  /** Files a new series; maps are made only here, so a series past the limit adds none. */
  private add(route: unknown, status: number | undefined, cell: Cell): void {
    let byStatus = this.byRoute.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.byRoute.set(route, byStatus);
    }
    const cells = byStatus.get(status);
    if (cells === undefined) byStatus.set(status, [cell]);
    else cells.push(cell);
    this.cellCount++;
  }

  private newCell(
    attributes: Attributes,
    method: string,
    scheme: string,
    protocolVersion: string | undefined,
    errorType: string | undefined,
  ): Cell {
    return {
      method,
      scheme,
      protocolVersion,
      errorType,
      attributes,
      counts: new Array<number>(SERVER_DURATION_BOUNDARIES.length + 1).fill(0),
      native: new ExponentialBuckets(),
      exemplars: new BucketExemplars(SERVER_DURATION_BOUNDARIES.length + 1),
      startTime: millisToHrTime(this.now()),
      sum: 0,
      count: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
    };
  }

  /**
   * Writes the series into `http.server.request.duration` of
   * instrumentation-http's scope in a collection result, adding the metric
   * (first in its scope, as the SDK orders it: the server histogram is made
   * before the client one) and the scope (first: instrumentation-http's
   * meter is the first one the SDK makes) when the SDK histogram held no
   * point, so the SDK left them out.
   */
  mergeInto(resourceMetrics: ResourceMetrics): void {
    if (this.seriesCount === 0) return;
    let scope = resourceMetrics.scopeMetrics.find(
      (s) => s.scope.name === HTTP_INSTRUMENTATION_SCOPE && s.scope.version === this.scopeVersion,
    );
    if (scope === undefined) {
      scope = {
        scope: { name: HTTP_INSTRUMENTATION_SCOPE, version: this.scopeVersion },
        metrics: [],
      };
      resourceMetrics.scopeMetrics.unshift(scope);
    }
    let metric = scope.metrics.find(
      (m) =>
        m.descriptor.name === SERVER_DURATION_METRIC && m.dataPointType === DataPointType.HISTOGRAM,
    ) as HistogramMetricData | undefined;
    if (metric === undefined) {
      metric = {
        // The SDK's instrument descriptor (it carries `type` beside the public fields).
        descriptor: {
          name: SERVER_DURATION_METRIC,
          type: InstrumentType.HISTOGRAM,
          description: 'Duration of HTTP server requests.',
          unit: 's',
          valueType: ValueType.DOUBLE,
          advice: { explicitBucketBoundaries: [...SERVER_DURATION_BOUNDARIES] },
        } as HistogramMetricData['descriptor'],
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: [],
      };
      scope.metrics.unshift(metric);
    }
    this.mergeMetric(metric);
  }

  private mergeMetric(metric: HistogramMetricData): void {
    const endTime = metric.dataPoints[0]?.endTime ?? millisToHrTime(this.now());
    const points = new Map(metric.dataPoints.map((p) => [attributeKey(p.attributes), p]));
    const cells: Cell[] = [];
    for (const byStatus of this.byRoute.values()) {
      for (const list of byStatus.values()) cells.push(...list);
    }
    if (this.overflow !== undefined) cells.push(this.overflow);
    for (const cell of cells) {
      const key = attributeKey(cell.attributes);
      const sdk = points.get(key);
      const counts = [...cell.counts];
      let { sum, count, min, max } = cell;
      if (sdk !== undefined) {
        sdk.value.buckets.counts.forEach((c, i) => {
          counts[i] = (counts[i] ?? 0) + c;
        });
        sum += sdk.value.sum ?? 0;
        count += sdk.value.count;
        if (sdk.value.min !== undefined) min = Math.min(min, sdk.value.min);
        if (sdk.value.max !== undefined) max = Math.max(max, sdk.value.max);
      }
      points.set(key, {
        attributes: cell.attributes,
        startTime: sdk?.startTime ?? cell.startTime,
        endTime,
        value: {
          buckets: { boundaries: [...SERVER_DURATION_BOUNDARIES], counts },
          sum,
          count,
          min,
          max,
        },
      });
    }
    (metric as { dataPoints: HistogramMetricData['dataPoints'] }).dataPoints = [...points.values()];
  }
}

/** A series' identity: its attributes whatever their order. */
function attributeKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
}
