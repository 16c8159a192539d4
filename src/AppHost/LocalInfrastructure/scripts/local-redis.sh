#!/usr/bin/env bash
# Runs redis-server for Pulse's local mode (no containers), in the foreground, until it is signalled.
#   local-redis.sh DATA_DIR keep|throwaway
# Environment (set by the AppHost): PULSE_REDIS_SERVER, PULSE_REDIS_PORT, PULSE_REDIS_PASSWORD,
# PULSE_REDIS_APPENDFSYNC (everysec or always; see README, "Durability"), and, where the Web's ACL
# user is wanted, PULSE_REDIS_WEB_USER, PULSE_REDIS_WEB_PASSWORD, PULSE_REDIS_WEB_RULES
# (RedisAccess.WebSubscriber; the AppHost always sets them).
set -euo pipefail

data_dir="$1"
retention="${2:-keep}"
server_binary="${PULSE_REDIS_SERVER:?PULSE_REDIS_SERVER is not set}"
port="${PULSE_REDIS_PORT:?PULSE_REDIS_PORT is not set}"
password="${PULSE_REDIS_PASSWORD:?PULSE_REDIS_PASSWORD is not set}"
appendfsync="${PULSE_REDIS_APPENDFSYNC:-everysec}"

mkdir -p "$data_dir"
chmod 700 "$data_dir"

# The password goes into an owner-only config file, not onto the command line.
umask 077
cat > "$data_dir/redis.conf" <<CONF
port $port
bind 127.0.0.1
protected-mode yes
dir $data_dir
appendonly yes
appendfsync $appendfsync
requirepass "$password"
CONF
if [ -n "${PULSE_REDIS_WEB_USER:-}" ]; then
  echo "user $PULSE_REDIS_WEB_USER on >${PULSE_REDIS_WEB_PASSWORD:?PULSE_REDIS_WEB_PASSWORD is not set} ${PULSE_REDIS_WEB_RULES:?PULSE_REDIS_WEB_RULES is not set}" >> "$data_dir/redis.conf"
fi

"$server_binary" "$data_dir/redis.conf" &
server=$!

source "$(dirname "$0")/supervise.sh"
pulse_supervise TERM "$data_dir" "$retention"

wait "$server"
