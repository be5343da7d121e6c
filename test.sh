#!/usr/bin/env bash
# Runs Caisey's whole test suite on a fresh machine that has only the .NET SDK.
# Installs what the tests need when it is missing, runs `dotnet test`, and ends with the totals
# alone on the last line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

need_apt=()
# Debian packages the tests need: chromium for the console's browser tests (Caisey.Tests/Console), postgresql for
# the cluster and PostgreSQL journal tests (Caisey.Tests/Support/PostgresServer starts it as the postgres user).
# Set CAISEY_TEST_APT_PACKAGES to override the list (e.g. "chromium postgresql", or "" to install nothing).
for pkg in ${CAISEY_TEST_APT_PACKAGES-chromium postgresql}; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing test prerequisites: ${need_apt[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/dev/null \
    || echo "warning: could not install ${need_apt[*]}; tests that need them will fail" >&2
fi

results=TestResults
rm -rf "$results"
dotnet test Caisey.sln -c Release --logger "trx;LogFilePrefix=caisey" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); n=$(get notExecuted); e=$(get error); t=$(get timeout)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0})); skipped=$((skipped + ${n:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # build or runner failure
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$status"
