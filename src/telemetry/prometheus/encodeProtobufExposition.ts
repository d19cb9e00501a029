import type protobuf from 'protobufjs';
import { loadProtobufjs } from '../../loadProtobufjs.js';
import type { BucketExemplar } from './BucketExemplars.js';
import type { NativeBuckets } from './ExponentialBuckets.js';
import { PROMETHEUS_DESCRIPTOR } from './prometheusDescriptor.js';
import {
  prometheusTextFamilies,
  type TextFamily,
  type TextSample,
} from './prometheusTextFamilies.js';

/** The media type of the answer, as Prometheus asks for it. */
export const PROTOBUF_EXPOSITION_TYPE =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

/** One series' native buckets, and the count they hold (they serve only if it is the series' whole count). */
export interface NativeSeries {
  readonly count: number;
  readonly buckets: NativeBuckets;
  /** Each classic bucket's exemplar, by bucket position. */
  readonly exemplars: readonly (BucketExemplar | undefined)[];
}

/** An exemplar as `io.prometheus.client.Exemplar`: the trace id label, the value, a timestamp. */
function exemplarMessage(e: BucketExemplar): object {
  return {
    label: [{ name: 'trace_id', value: e.traceId }],
    value: e.value,
    timestamp: { seconds: Math.floor(e.timeMs / 1000), nanos: Math.round((e.timeMs % 1000) * 1e6) },
  };
}

/** `MetricFamily`, built from the vendored descriptor: build it once and keep it (a few ms). */
export function metricFamilyType(): protobuf.Type {
  return loadProtobufjs()
    .Root.fromJSON(PROMETHEUS_DESCRIPTOR as protobuf.INamespace)
    .lookupType('io.prometheus.client.MetricFamily');
}

/**
 * A series' identity across the two formats: its labels but `le` and the
 * scope labels the exporter adds, sorted, values as the text writes them.
 */
export function seriesKey(labels: Iterable<[string, string]>): string {
  return JSON.stringify(
    [...labels]
      .filter(([k]) => k !== 'le' && !k.startsWith('otel_scope_'))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

interface LabelPair {
  name: string;
  value: string;
}

function labelPairs(sample: TextSample): LabelPair[] {
  return sample.labels.filter(([k]) => k !== 'le').map(([name, value]) => ({ name, value }));
}

/** A histogram family's samples, one metric per label set, classic buckets kept. */
function histogramMetrics(family: TextFamily, native: ReadonlyMap<string, NativeSeries>): object[] {
  const metrics = new Map<string, { label: LabelPair[]; histogram: Record<string, unknown> }>();
  for (const sample of family.samples) {
    const key = seriesKey(sample.labels);
    let metric = metrics.get(key);
    if (metric === undefined) {
      metric = { label: labelPairs(sample), histogram: { bucket: [] } };
      metrics.set(key, metric);
    }
    const h = metric.histogram;
    if (sample.name === `${family.name}_count`) h.sampleCount = sample.value;
    else if (sample.name === `${family.name}_sum`) h.sampleSum = sample.value;
    else if (sample.name === `${family.name}_bucket`) {
      const le = sample.labels.find(([k]) => k === 'le')?.[1] ?? '+Inf';
      (h.bucket as object[]).push({
        cumulativeCount: sample.value,
        upperBound: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le),
      });
    }
  }
  for (const [key, metric] of metrics) {
    const series = native.get(key);
    // Native buckets that miss some of the series' requests (counted on another path) would lie.
    if (series === undefined || series.count !== metric.histogram.sampleCount) continue;
    // On each classic bucket (where Prometheus 2.42 reads a native histogram's
    // exemplars), and in `exemplars` (where later versions read them).
    const exemplars: object[] = [];
    (metric.histogram.bucket as Record<string, unknown>[]).forEach((bucket, i) => {
      const e = series.exemplars[i];
      if (e === undefined) return;
      bucket.exemplar = exemplarMessage(e);
      exemplars.push(bucket.exemplar as object);
    });
    const b = series.buckets;
    Object.assign(metric.histogram, {
      schema: b.schema,
      zeroThreshold: b.zeroThreshold,
      zeroCount: b.zeroCount,
      // A no-op span marks a native histogram that holds no bucket yet.
      positiveSpan: b.spans.length > 0 ? b.spans : [{ offset: 0, length: 0 }],
      positiveDelta: b.deltas,
      exemplars,
    });
  }
  return [...metrics.values()];
}

const TYPES: Record<string, string> = {
  counter: 'COUNTER',
  gauge: 'GAUGE',
  histogram: 'HISTOGRAM',
  summary: 'SUMMARY',
};

/**
 * The protobuf exposition (length-delimited `io.prometheus.client.MetricFamily`
 * messages) of a text exposition: the same families, names, labels and values,
 * and, on `nativeFamily`, each series' native buckets beside its classic ones.
 */
export function encodeProtobufExposition(
  text: string,
  nativeFamily: string,
  native: ReadonlyMap<string, NativeSeries>,
  type: protobuf.Type = metricFamilyType(),
): Uint8Array {
  const writer = loadProtobufjs().Writer.create();
  for (const family of prometheusTextFamilies(text)) {
    const kind = TYPES[family.type] ?? 'UNTYPED';
    let metric: object[];
    if (kind === 'HISTOGRAM') {
      metric = histogramMetrics(family, family.name === nativeFamily ? native : new Map());
    } else if (kind === 'SUMMARY') {
      continue; // The exporter writes none.
    } else {
      const field = kind.toLowerCase();
      metric = family.samples.map((s) => ({ label: labelPairs(s), [field]: { value: s.value } }));
    }
    const message = type.fromObject({ name: family.name, help: family.help, type: kind, metric });
    type.encodeDelimited(message, writer);
  }
  return writer.finish();
}
