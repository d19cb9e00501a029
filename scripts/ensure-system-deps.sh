#!/usr/bin/env bash
# Makes sure the Debian packages the tests use are installed: Prometheus (for
# the real-Prometheus scrape test and promtool), VictoriaMetrics (the second
# Prometheus-compatible engine of the fleet tests), Alertmanager (for the
# notifier's acceptance test), Chromium (for the page's browser tests),
# PostgreSQL and Redis (for the dependency tests' real clients). Installs what is missing when it can (root with apt-get);
# otherwise fails with the exact command to run. Tests are never skipped.
set -euo pipefail

# package → the commands it must provide
declare -A NEEDS=(
  [prometheus]="prometheus promtool"
  [prometheus-alertmanager]="prometheus-alertmanager"
  [victoria-metrics]="victoria-metrics"
  [chromium]="chromium"
  [postgresql]="initdb postgres pg_isready createdb"
  [redis-server]="redis-server"
)

# Debian keeps PostgreSQL's programs off PATH, in /usr/lib/postgresql/<major>/bin.
has() {
  command -v "$1" >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/$1" >/dev/null
}

missing=()
for pkg in "${!NEEDS[@]}"; do
  for cmd in ${NEEDS[$pkg]}; do
    if ! has "$cmd"; then
      missing+=("$pkg")
      break
    fi
  done
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

install_cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: installing ${missing[*]} (needed by the tests)" >&2
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  if apt-get update -qq >"$log" 2>&1 &&
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    rm -f "$log"
    exit 0
  fi
  cat "$log" >&2
  echo "ensure-system-deps: apt-get failed; run: ${install_cmd}" >&2
  exit 1
fi

echo "ensure-system-deps: the tests need Debian packages that are missing: ${missing[*]}" >&2
echo "install them with:  sudo sh -c '${install_cmd}'" >&2
exit 1
