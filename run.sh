#!/usr/bin/env bash
# Runs the whole Pulse stack (the same command F5 runs): the AppHost starts the databases, the
# Api, the Ingestor and the Web, and opens the Aspire dashboard. Extra arguments go to the AppHost
# (for example: ./run.sh --local).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

pulse_require_dotnet

# Without a container runtime the AppHost runs PostgreSQL and Redis from this machine's packages.
if ! pulse_container_runtime_healthy || [[ " $* " == *" --local "* ]]; then
  pulse_say "No healthy container runtime (or --local): the databases run from this machine's packages"
  pulse_require_packages postgresql redis-server
fi

# The dashboard and the https profile need a developer certificate; on Linux it stays untrusted,
# which only warns. Making one works offline.
if ! dotnet dev-certs https --check >/dev/null 2>&1; then
  pulse_say "Creating the ASP.NET Core developer certificate"
  dotnet dev-certs https >/dev/null
fi

pulse_say "Starting Pulse: Api http://localhost:5180, Web http://localhost:5190; the dashboard URL follows"
exec dotnet run --project src/AppHost -- "$@"
