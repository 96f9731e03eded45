#!/usr/bin/env bash
# Updates the README's screenshots from a run of the browser tests, which
# photograph every page type of the example build and the charts of a
# generated 100-initiative roadmap (tests/e2e/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT
E2E_SCREENSHOTS="$shots" bash tests/e2e/run.sh
cp "$shots/executive-desktop.png" docs/screenshots/executive.png
cp "$shots/engineering-desktop.png" docs/screenshots/engineering.png
cp "$shots/executive-phone.png" docs/screenshots/executive-phone.png
cp "$shots/generated-timeline-desktop-light.png" docs/screenshots/timeline-100.png
