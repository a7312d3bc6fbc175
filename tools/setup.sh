#!/usr/bin/env bash
# Idempotent setup, run by `npm start` and `npm test` (and CI) before anything else:
# system packages the tests need (Debian/Ubuntu, when run as root), then npm dependencies.
# Offline-safe: onnxruntime-node's CUDA download and Electron's binary download are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)          # browser e2e tests
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl) # reads back the XMP sidecars sort writes
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]} (apt)…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2
  else
    echo "setup: optional system packages missing: ${missing[*]} (sudo apt-get install ${missing[*]}); browser tests will skip" >&2
  fi
fi

stamp=node_modules/.recollect-setup
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "setup: installing npm dependencies…" >&2
  ONNXRUNTIME_NODE_INSTALL=skip ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
  touch "$stamp"
fi
