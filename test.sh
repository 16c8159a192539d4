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
pulse_require_packages postgresql redis-server chromium

configuration="${CONFIGURATION:-Release}"
results="$(pwd)/TestResults"
rm -rf "$results"

pulse_say "Building ($configuration)"
dotnet build Analytics.Aspire.sln -c "$configuration" -nologo -v quiet

pulse_say "Running the tests"
status=0
dotnet test --solution Analytics.Aspire.sln -c "$configuration" --no-build \
  --results-directory "$results" --report-xunit-trx || status=$?

# One line for the whole run, summed over every test project's report.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); sub(/".*/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["notExecuted"] }')
total_reports=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$total_reports" -eq 0 ]; then
  echo "no test report was written" >&2
  status=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then
  status=1
fi
exit "$status"
