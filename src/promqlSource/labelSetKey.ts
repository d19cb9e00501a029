/**
 * A label set's identity as a string, whatever the order its answer listed
 * the labels in, leaving out `skip` (such as `__name__` and `le`): the
 * names sorted, each name and value set apart by characters no label name
 * holds and a length, so two different sets never share a key. Cheaper than
 * `JSON.stringify` of the sorted entries, which a fill ran once per series
 * and answer.
 */
export function labelSetKey(
  metric: Readonly<Record<string, string>>,
  skip: ReadonlySet<string> = NO_LABELS,
): string {
  const names = Object.keys(metric).sort();
  let key = '';
  for (const name of names) {
    if (skip.has(name)) continue;
    const value = metric[name] as string;
    key += `${name}=${value.length}:${value}\u0000`;
  }
  return key;
}

const NO_LABELS: ReadonlySet<string> = new Set();
