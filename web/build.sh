#!/usr/bin/env bash
# Builds the web console into OUT (the build's console/ directory, which
# cmake/embed_console.cmake puts into the binary): `npm ci` from the lockfile
# when node_modules is missing or older than it, the type check (vue-tsc),
# then `vite build`. Called by CMake; by hand: bash web/build.sh /tmp/console
set -euo pipefail
cd "$(dirname "$0")"
out=${1:?usage: web/build.sh OUT_DIR}
# Two builds (the test build and the sanitizer build) share node_modules.
exec 9>.build.lock
flock 9
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/vue-tsc --noEmit
node_modules/.bin/vite build --logLevel warn --outDir "$out" --emptyOutDir
