#!/usr/bin/env bash
# The pipeline benchmark on this machine, with nothing else running: a throwaway PostgreSQL and
# Redis (the AppHost's own local-mode scripts), the small seed, then the Api and the Ingestor
# (Release builds) as their own processes, and pulse-loadgen bench-pipeline against them.
#   scripts/bench-pipeline.sh [extra bench-pipeline options, e.g. --rates 5000,20000]
# Prints the Markdown tables; everything it started is stopped and removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
pulse_require_dotnet

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

pulse_say "Migrating and seeding (small)"
Pulse__Seed__Scale=small dotnet src/MigrationService/bin/Release/net10.0/Pulse.MigrationService.dll >"$work/migrations.log" 2>&1

pulse_say "Api on $api_port and the Ingestor"
# The benchmark offers far more than a client may: lift the limits for this run only.
ASPNETCORE_URLS=http://127.0.0.1:$api_port Pulse__Auth__BootstrapAdminKey=$admin_key \
  Pulse__RateLimits__Ingest__PermitLimit=100000000 Pulse__RateLimits__Analytics__PermitLimit=100000000 Pulse__RateLimits__Default__PermitLimit=100000000 \
  dotnet src/Api/bin/Release/net10.0/Pulse.Api.dll >"$work/api.log" 2>&1 &
pids+=($!)
ASPNETCORE_URLS=http://127.0.0.1:0 dotnet src/Ingestor/bin/Release/net10.0/Pulse.Ingestor.dll >"$work/ingestor.log" 2>&1 &
pids+=($!)
wait_for Api curl -fsS "http://127.0.0.1:$api_port/health"

pulse_say "Measuring"
dotnet src/LoadGen/bin/Release/net10.0/pulse-loadgen.dll bench-pipeline \
  --api "http://127.0.0.1:$api_port" --key "$admin_key" --postgres "$ConnectionStrings__pulse" "$@"
