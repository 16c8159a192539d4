#!/usr/bin/env bash
# Runs a mongod found on PATH for Pulse's local mode, in the foreground, until it is signalled.
#   local-mongod.sh DATA_DIR keep|throwaway
# Environment (set by the AppHost): PULSE_MONGOD, PULSE_MONGO_PORT.
set -euo pipefail

data_dir="$1"
retention="${2:-keep}"
mongod_binary="${PULSE_MONGOD:?PULSE_MONGOD is not set}"
port="${PULSE_MONGO_PORT:?PULSE_MONGO_PORT is not set}"

mkdir -p "$data_dir"

"$mongod_binary" --port "$port" --bind_ip 127.0.0.1 --dbpath "$data_dir" &
server=$!

source "$(dirname "$0")/supervise.sh"
pulse_supervise TERM "$data_dir" "$retention"

wait "$server"
