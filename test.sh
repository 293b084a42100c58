#!/usr/bin/env bash
# Runs every test: the .NET test projects (TRX results) and the node interop tests.
# Last line: "N passed, N failed" summed over all of them. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
results="$PWD/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0

dotnet build KinesisAnalyzers.sln -c Release -nologo -v q || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

# The language-server host test drives csharp-ls, kept outside the folders it scans (installs or updates).
dotnet tool update --tool-path artifacts/tools/csharp-ls csharp-ls --version 0.28.0 >/dev/null || status=1

for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

if [ -f tests/interop/package.json ]; then
  (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || status=1
  (cd tests/interop && node --test --test-reporter=tap --test-reporter-destination="$results/interop.tap" \
      --test-reporter=spec --test-reporter-destination=stdout) || status=1
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ -f "$results/interop.tap" ]; then
  p=$(grep -E '^# pass [0-9]+' "$results/interop.tap" | tail -1 | grep -o '[0-9]*')
  f=$(grep -E '^# fail [0-9]+' "$results/interop.tap" | tail -1 | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
fi
if [ "$failed" -gt 0 ]; then status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
