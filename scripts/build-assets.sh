#!/usr/bin/env bash
# Builds static/ from the pinned npm packages: GOV.UK Frontend (CSS compiled from its Sass with
# our settings, JS, assets) and htmx. Skips the work when static/ is newer than its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=static/.built
if [[ -f $stamp && -z $(find assets package-lock.json scripts/build-assets.sh -newer "$stamp" -print -quit) ]]; then
  exit 0
fi

rm -rf static
mkdir -p static/safehub static/govuk static/htmx
node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
  --load-path=node_modules assets/scss/safehub.scss static/safehub/safehub.css
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk/
cp -r node_modules/govuk-frontend/dist/govuk/assets static/govuk/assets
cp node_modules/htmx.org/dist/htmx.min.js static/htmx/
cp assets/js/*.js static/safehub/
cp assets/favicon.svg static/safehub/
touch "$stamp"
echo "static assets built"
