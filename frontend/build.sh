#!/bin/sh
# Builds boardportal's front end into static/, from package-lock.json.
#
#   npm run build        (or: sh frontend/build.sh)
#
# The output in static/ is committed, so `make run` works without Node; run
# this after changing frontend/ or upgrading govuk-frontend, and commit the
# result. Set SKIP_NPM_CI=1 to reuse an existing node_modules/.
set -eu

cd "$(dirname "$0")/.."

export PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true

if [ "${SKIP_NPM_CI:-0}" != "1" ]; then
  npm ci --no-audit --no-fund
fi

GOVUK=node_modules/govuk-frontend/dist/govuk
VERSION=$(node -p 'require("govuk-frontend/package.json").version')

# 1. Stylesheet: GOV.UK Frontend's Sass with a system font stack, no GDS
#    Transport @font-face, asset URLs under /static/, plus our own styles.
mkdir -p static/css
node_modules/.bin/sass --style=compressed --no-source-map \
  --load-path=node_modules/govuk-frontend/dist \
  frontend/scss/boardportal.scss static/css/boardportal.css

# 2. GOV.UK Frontend's JavaScript (an ES module) and its source map (kept so
#    that collectstatic's manifest storage finds the file the map comment names).
mkdir -p static/govuk
cp "$GOVUK/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js.map" static/govuk/
printf 'govuk-frontend %s (MIT licence), copied from node_modules by frontend/build.sh.\nNo GOV.UK fonts or images are copied: they are GOV.UK-branded (GDS Transport, the crown).\n' \
  "$VERSION" > static/govuk/VERSION.txt

# 3. Our module, icons and web app manifest.
mkdir -p static/js static/images
cp frontend/js/boardportal.mjs static/js/boardportal.mjs
cp frontend/js/report-status.mjs static/js/report-status.mjs
cp frontend/images/favicon.svg static/images/favicon.svg
node frontend/make-icons.mjs static/images
cp frontend/manifest.json static/manifest.json

# 4. Checks on the output.
CSS=static/css/boardportal.css
if grep -q 'GDS Transport' "$CSS"; then
  echo "build: $CSS mentions GDS Transport" >&2; exit 1
fi
if grep -q '@font-face' "$CSS"; then
  echo "build: $CSS has an @font-face rule" >&2; exit 1
fi
# Every url(...) in the CSS must be a file in static/.
for url in $(grep -o 'url([^)]*)' "$CSS" | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'"'"']//' -e 's/["'"'"']$//' | sort -u); do
  case "$url" in
    data:*) ;;
    /static/*)
      if [ ! -f "static/${url#/static/}" ]; then
        echo "build: $CSS refers to $url, which is not in static/" >&2; exit 1
      fi ;;
    *) echo "build: $CSS refers to $url, outside /static/" >&2; exit 1 ;;
  esac
done

ls -l "$CSS" static/govuk/govuk-frontend.min.js static/js/boardportal.mjs
echo "build: done (govuk-frontend $VERSION)"
