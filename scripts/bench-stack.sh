#!/usr/bin/env bash
# Runs one pulse-loadgen command against a whole Pulse on this machine, with nothing else running:
# a throwaway PostgreSQL and Redis (the AppHost's own local-mode scripts), the small seed
# (PULSE_STACK_SEED=none|small|demo|large chooses another; none for pulse-loadgen seed), the Api
# and the Ingestor (Release apphosts, so their processes can be watched by name).
#   scripts/bench-stack.sh COMMAND [options]     e.g. scripts/bench-stack.sh bench --rates 5000,20000
# The command finds the Api, key, PostgreSQL and Redis in the environment (services__api__http__0,
# PULSE_API_KEY, ConnectionStrings__pulse, ConnectionStrings__redis). Everything it started is
# stopped and removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
pulse_require_dotnet
[ $# -ge 1 ] || pulse_fail "usage: scripts/bench-stack.sh COMMAND [options] (a pulse-loadgen command: bench, bench-pipeline, simulate, ...)"

work=$(mktemp -d /tmp/pulse-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for WHAT COMMAND...
  local what=$1; shift
  for _ in $(seq 1 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  pulse_fail "$what did not come up"
}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_port=$(free_port); redis_port=$(free_port); api_port=$(free_port)
secret=bench-$(date +%s)-secret
admin_key="bench-admin-key-$(date +%s)-0123456789"

pulse_say "Building (Release)"
dotnet build Analytics.Aspire.sln -c Release -v quiet -nologo >/dev/null

pulse_say "PostgreSQL on $pg_port, Redis on $redis_port"
PULSE_PG_BIN=$pg_bin PULSE_PG_PORT=$pg_port PULSE_PG_PASSWORD=$secret PULSE_PG_DATABASES=pulse \
  bash src/AppHost/LocalInfrastructure/scripts/local-postgres.sh "$work/postgres" throwaway >"$work/postgres.log" 2>&1 &
pids+=($!)
PULSE_REDIS_SERVER=$(command -v redis-server) PULSE_REDIS_PORT=$redis_port PULSE_REDIS_PASSWORD=$secret \
  bash src/AppHost/LocalInfrastructure/scripts/local-redis.sh "$work/redis" throwaway >"$work/redis.log" 2>&1 &
pids+=($!)
wait_for PostgreSQL env PGPASSWORD=$secret "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d pulse -c 'select 1'
wait_for Redis redis-cli -p "$redis_port" -a "$secret" --no-auth-warning ping

export ConnectionStrings__pulse="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$secret;Database=pulse"
export ConnectionStrings__redis="127.0.0.1:$redis_port,password=$secret"
export Logging__LogLevel__Default=Warning DOTNET_ENVIRONMENT=Production

seed_scale=${PULSE_STACK_SEED:-small}
pulse_say "Migrating and seeding ($seed_scale)"
Pulse__Seed__Scale=$seed_scale Pulse__Bootstrap__AdminKey=$admin_key src/MigrationService/bin/Release/net10.0/Pulse.MigrationService >"$work/migrations.log" 2>&1

pulse_say "Api on $api_port and the Ingestor"
# The benchmarks offer far more than a client may: lift the limits for this run only.
ASPNETCORE_URLS=http://127.0.0.1:$api_port Pulse__RateLimits__PerIp__PermitLimit=100000000 \
  Pulse__RateLimits__Ingest__PermitLimit=100000000 Pulse__RateLimits__Analytics__PermitLimit=100000000 Pulse__RateLimits__Default__PermitLimit=100000000 \
  Pulse__Ingest__KeyEventsPerMinute=100000000 Pulse__Ingest__CallerBacklogShare=1 \
  src/Api/bin/Release/net10.0/Pulse.Api >"$work/api.log" 2>&1 &
pids+=($!)
# The pseudonyms' salt is a secret the AppHost generates; a throwaway one serves a throwaway stack.
ASPNETCORE_URLS=http://127.0.0.1:0 Pulse__Erasure__PseudonymSalt="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  src/Ingestor/bin/Release/net10.0/Pulse.Ingestor >"$work/ingestor.log" 2>&1 &
pids+=($!)
wait_for Api curl -fsS "http://127.0.0.1:$api_port/health"

export services__api__http__0="http://127.0.0.1:$api_port" PULSE_API_KEY=$admin_key
pulse_say "Running pulse-loadgen $1"
dotnet src/LoadGen/bin/Release/net10.0/pulse-loadgen.dll "$@"
