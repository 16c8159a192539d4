#!/usr/bin/env bash
# Runs every Pulse test, installing what the tests need first, and ends with one line:
#   N passed, N failed, N skipped
# The end-to-end tests start the AppHost in local mode (PostgreSQL and Redis from Debian's
# packages, throwaway data); browser tests drive Debian's Chromium. MongoDB tests run only where
# PULSE_TEST_MONGODB holds a connection string, and are reported as skipped otherwise.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

pulse_require_dotnet
pulse_require_packages postgresql redis-server redis-tools chromium
pulse_require_node

# mingo, as pinned by its lock file; the cache sits in the clone, since HOME may be empty.
pulse_say "Installing the mingo check (tests/Mingo)"
npm ci --prefix tests/Mingo --cache "$(pwd)/.tmp/npm-cache" --no-audit --no-fund --no-update-notifier --loglevel=error

configuration="${CONFIGURATION:-Release}"
results="$(pwd)/TestResults"
rm -rf "$results"

pulse_say "Building ($configuration)"
dotnet build Analytics.Aspire.sln -c "$configuration" -nologo -v quiet

pulse_say "Running the tests"
# Each test project runs as its own process, all at once (two of them start a whole stack, which
# mostly waits on I/O), with its own report file, so no report overwrites another.
mkdir -p "$results"
# The hosts the tests start log warnings and errors only, so a failure's own message stands out.
export Logging__LogLevel__Default=Warning
# The browser tests save a screenshot of each page here, for a person to look at.
export PULSE_SCREENSHOTS="$results/screenshots"
projects=(tests/*/*Tests.csproj)
pids=()
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  dotnet test --project "$project" -c "$configuration" --no-build --results-directory "$results" \
    --report-xunit-trx --report-xunit-trx-filename "$name.trx" > "$results/$name.log" 2>&1 &
  pids+=($!)
done

status=0
missing=0
for i in "${!projects[@]}"; do
  name=$(basename "${projects[$i]}" .csproj)
  wait "${pids[$i]}" || status=1
  pulse_say "$name"
  cat "$results/$name.log"
  if [ ! -s "$results/$name.trx" ]; then
    echo "$name wrote no test report: counted as one failure" >&2
    missing=$((missing + 1))
    status=1
  fi
done

# One line for the whole run, summed over every project's report.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    { for (i = 2; i <= NF; i++) { split($i, kv, "=\""); sub(/".*/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["notExecuted"] }')
failed=$((failed + missing))

# Each failed test again, with the first lines of its message, where the end of the output shows it.
if [ "$failed" -gt 0 ]; then
  pulse_say "Failed tests"
  for log in "$results"/*.log; do
    sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E -A 8 '^[[:space:]]*failed [A-Za-z_]' || true
  done
fi

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ]; then
  status=1
fi
exit "$status"
