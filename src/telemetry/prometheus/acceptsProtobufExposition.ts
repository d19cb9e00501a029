/**
 * Whether an Accept header asks for the delimited protobuf exposition
 * (`application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;
 * encoding=delimited`), as Prometheus does with native histograms on, at a
 * weight no lower than any text format it also lists: a scraper that prefers
 * text gets text.
 */
export function acceptsProtobufExposition(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  let protobufWeight = 0;
  let otherWeight = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const param = (name: string): string | undefined =>
      params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1);
    const q = param('q') === undefined ? 1 : Number(param('q'));
    if (!(q > 0)) continue;
    if (type === 'application/vnd.google.protobuf') {
      if (
        param('proto') === 'io.prometheus.client.metricfamily' &&
        param('encoding') === 'delimited'
      ) {
        protobufWeight = Math.max(protobufWeight, q);
      }
    } else if (type !== '*/*') {
      otherWeight = Math.max(otherWeight, q);
    }
  }
  return protobufWeight > 0 && protobufWeight >= otherWeight;
}
