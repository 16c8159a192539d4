#!/usr/bin/env bash
# Runs PostgreSQL for Pulse's local mode (no containers), in the foreground, until it is signalled.
#   local-postgres.sh DATA_DIR keep|throwaway
# Environment (set by the AppHost): PULSE_PG_BIN (folder of postgres, initdb, pg_isready, psql),
# PULSE_PG_PORT, PULSE_PG_PASSWORD (for user postgres), PULSE_PG_DATABASES (comma-separated, created if missing).
# PostgreSQL refuses to run as root: as root the server runs as the 'postgres' user via setpriv.
set -euo pipefail

data_dir="$1"
retention="${2:-keep}"
bin="${PULSE_PG_BIN:?PULSE_PG_BIN is not set}"
port="${PULSE_PG_PORT:?PULSE_PG_PORT is not set}"
password="${PULSE_PG_PASSWORD:?PULSE_PG_PASSWORD is not set}"
databases="${PULSE_PG_DATABASES:-}"

as_owner=()
mkdir -p "$data_dir"
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "local-postgres: running as root needs the 'postgres' user (apt-get install postgresql creates it)" >&2
    exit 1
  fi
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups)
  chown postgres:postgres "$data_dir"
  # The server must be able to reach its data folder through every parent.
  chmod o+x "$(dirname "$data_dir")" 2>/dev/null || true
fi
chmod 700 "$data_dir"

if [ ! -s "$data_dir/PG_VERSION" ]; then
  echo "local-postgres: initialising $data_dir"
  # Local connections come only through the socket inside the owner-only data folder;
  # TCP connections need the password.
  "${as_owner[@]}" "$bin/initdb" --pgdata="$data_dir" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi

"${as_owner[@]}" "$bin/postgres" -D "$data_dir" -p "$port" -k "$data_dir" \
  -c listen_addresses=localhost -c max_connections=200 &
server=$!

source "$(dirname "$0")/supervise.sh"
# SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
pulse_supervise INT "$data_dir" "$retention"

until "$bin/pg_isready" -q -h "$data_dir" -p "$port"; do
  if ! kill -0 "$server" 2>/dev/null; then
    wait "$server"
    exit $?
  fi
  sleep 0.2
done

# The password comes from the AppHost's parameter on every start, so a kept data folder and a
# regenerated parameter never disagree. It travels on stdin, never on a command line.
psql=("${as_owner[@]}" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$data_dir" -p "$port" -U postgres -d postgres)
"${psql[@]}" -v password="$password" <<'SQL'
ALTER ROLE postgres PASSWORD :'password';
SQL
IFS=',' read -r -a database_list <<< "$databases"
for database in "${database_list[@]}"; do
  "${psql[@]}" -v database="$database" <<'SQL'
SELECT format('CREATE DATABASE %I', :'database')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
SQL
done
echo "local-postgres: ready on port $port (databases: ${databases:-none})"

wait "$server"
