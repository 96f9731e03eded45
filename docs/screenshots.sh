#!/usr/bin/env bash
# Rebuilds the example roadmap and captures the README's screenshots with
# Debian's headless Chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release -- build --today 2026-11-21 --quiet
out=docs/screenshots
shoot() {
  local page=$1 size=$2 name=$3 profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size="$size" \
    --screenshot="$out/$name.png" "file://$PWD/public/$page" 2>/dev/null
  rm -rf "$profile"
}
shoot executive/index.html 1280,1500 executive
shoot engineering/index.html 1280,1300 engineering
shoot executive/index.html 375,1400 executive-phone
