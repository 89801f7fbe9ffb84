#!/usr/bin/env bash
# The README's promise: a clone of this repository alone (no ../shared beside it, no browser, no PostgreSQL server)
# passes `npm test`; the tests that need a browser or a server skip, each saying how to enable it.
set -euo pipefail
cd "$(dirname "$0")/.."
clean=$(mktemp -d)
trap 'rm -rf "$clean"' EXIT
git clone -q --no-local . "$clean/signalbox"
cd "$clean/signalbox"
npm ci --no-audit --no-fund
env -u SIGNALBOX_TEST_DATABASE_URL CHROMIUM_PATH="$clean/no-chromium" npm test
