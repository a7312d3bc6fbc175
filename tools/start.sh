#!/usr/bin/env bash
# `npm start`: the desktop app where the Electron binary is installed; otherwise the same app in a
# browser through the browser host, with a clear message (this machine installs Electron with
# ELECTRON_SKIP_BINARY_DOWNLOAD=1, so require('electron') throws: there is no binary to run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh
npm run --silent build:renderer

if node -e "require('electron')" >/dev/null 2>&1; then
  npm run --silent build:electron
  exec npx --no-install electron . "$@"
fi

echo "start: the Electron desktop binary is not installed (node_modules/electron has no dist/;" >&2
echo "       it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1). Starting the browser host instead:" >&2
echo "       open the address printed below. For the desktop app, download the binary on a machine" >&2
echo "       with network access (node node_modules/electron/install.js) and run npm start again." >&2
exec node electron/cli/bin.js serve "$@"
