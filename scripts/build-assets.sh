#!/usr/bin/env bash
# Install the front-end packages from the npm registry and copy the built files Vplan serves
# into vplan/static/vendor/ (gitignored). Idempotent: does nothing when the lock file is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

VENDOR=vplan/static/vendor
STAMP="$VENDOR/.package-lock.sha256"
wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ] \
  && [ -f "$VENDOR/designsystemet.css" ] && [ -f "$VENDOR/htmx.min.js" ] && [ -f "$VENDOR/axe.min.js" ]; then
  echo "assets: up to date in $VENDOR"
  exit 0
fi

command -v npm >/dev/null || { echo "assets: npm is needed (apt-get install npm)" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error

mkdir -p "$VENDOR"
DS=node_modules/@digdir/designsystemet-css/dist
cp "$DS/src/index.css" "$VENDOR/designsystemet.css"
cp "$DS/theme/designsystemet.css" "$VENDOR/designsystemet-theme.css"
cp node_modules/htmx.org/dist/htmx.min.js "$VENDOR/htmx.min.js"
cp node_modules/axe-core/axe.min.js "$VENDOR/axe.min.js"
cp node_modules/@digdir/designsystemet-css/LICENSE "$VENDOR/LICENSE.designsystemet"
cp node_modules/htmx.org/LICENSE "$VENDOR/LICENSE.htmx"
cp node_modules/axe-core/LICENSE "$VENDOR/LICENSE.axe-core"
echo "$wanted" > "$STAMP"
echo "assets: copied into $VENDOR"
ls -l "$VENDOR"
