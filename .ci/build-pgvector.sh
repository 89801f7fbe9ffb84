#!/usr/bin/env bash
# Builds pgvector from the vendored source (../shared/vendor, see its README) into Debian's PostgreSQL 15, so the
# server-mode tests run indexing and hybrid search with vectors on a real server. Without the vendored source
# (a user's own clone) it does nothing: those tests then skip and say how to point them at a server with pgvector.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${SIGNALBOX_PGVECTOR_TARBALL:-../shared/vendor/pgvector-0.8.6.tar.gz}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
major=$(basename "$(dirname "$bin")")
if [ -f "/usr/share/postgresql/$major/extension/vector.control" ]; then exit 0; fi
if [ ! -f "$tarball" ]; then
  echo "pgvector: no vendored source at $tarball; server-mode vector tests will skip" >&2
  exit 0
fi
build=$(mktemp -d)
tar xzf "$tarball" -C "$build"
src=$(ls -d "$build"/pgvector-*)
# OPTFLAGS="" avoids -march=native: the binary runs on any x86-64.
make -C "$src" OPTFLAGS="" PG_CONFIG="$bin/pg_config" >/dev/null
make -C "$src" install PG_CONFIG="$bin/pg_config" >/dev/null
rm -rf "$build"
echo "pgvector: built from $tarball into PostgreSQL $major" >&2
