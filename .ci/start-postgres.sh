#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server (Debian's package) on 127.0.0.1:55432 for the tests that need a real
# multi-connection server, and prints the URL. Debian ships no pgvector for it: .ci/build-pgvector.sh builds it from
# the vendored source first (.ci/run), and tests that need it create it in their own database.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=/tmp/signalbox-ci-pg
port=55432
if ! su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir status" >/dev/null 2>&1; then
  rm -rf "$dir"
  mkdir -p "$dir" && chown postgres "$dir"
  su postgres -s /bin/sh -c "$bin/initdb -D $dir -A trust -U postgres >/dev/null"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir -o '-p $port -k /tmp -c listen_addresses=127.0.0.1' -l $dir/log -w start >/dev/null"
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
