#!/usr/bin/env bash
# npm run bench:otel3: the rows of `npm run bench`, on Node 24 (from the npm
# registry, scripts/registry-node.sh) with the OpenTelemetry 3.x line, from
# the same dist/ as `npm run bench`. The bench runs in the 3.x copy of the
# project that .ci/matrix's node24-otel3 cell uses (scripts/otel3-tree.mjs);
# its results are copied back as bench/results.node24-otel3[.quick].json.
#   npm run bench:otel3                 # everything npm run bench measures
#   BENCH_QUICK=1 npm run bench:otel3   # the short HTTP rows only
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(bash scripts/registry-node.sh 24.22.3)"
npm run build --silent
tree="$PWD/.ci/cache/tree-otel3-node24"
PATH="$bin:$PATH" node scripts/otel3-tree.mjs "$tree"
(cd "$tree" && PATH="$bin:$PATH" node dist/bench/run.js "$@")
suffix=""
if [ "${BENCH_QUICK:-}" = 1 ] || [[ " $* " == *" --quick "* ]]; then suffix=".quick"; fi
cp "$tree/bench/results$suffix.json" "bench/results.node24-otel3$suffix.json"
echo "bench:otel3: wrote bench/results.node24-otel3$suffix.json" >&2
