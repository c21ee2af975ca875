#!/usr/bin/env bash
# Times `archmerge lookup -` end to end, process start included, on N full
# street addresses of old communes made from the built-in data (default
# 10,000; target under 1 s), and runs the lookup benchmarks of the mapping
# package (target ≥ 50,000 addresses/s on one core).
#
#   scripts/bench-lookup.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

CGO_ENABLED=1 go build -o "$tmp/archmerge" ./cmd/archmerge
# "Số 5 đường Lê Lợi, <commune>, <district>, <province>", no diacritics on
# every third line, one line per old commune.
awk -F, -v n="$n" '
    NR == FNR { name[$1] = $2; parent[$1] = $4; next }
    FNR > 1 && $3 == "commune" && c < n {
        d = parent[$1]; p = parent[d]
        line = "Số 5 đường Lê Lợi, " $2 ", " name[d] ", " name[p]
        print line; c++
    }' mapping/data/old_units.csv mapping/data/old_units.csv > "$tmp/addresses.txt"
lines=$(wc -l < "$tmp/addresses.txt")

# No workspace: lookup uses the built-in mapping and creates nothing.
start=$(date +%s.%N)
"$tmp/archmerge" --db "$tmp/none.db" --format json lookup - < "$tmp/addresses.txt" > "$tmp/answers.jsonl"
end=$(date +%s.%N)
resolved=$(grep -c '"status":"resolved"' "$tmp/answers.jsonl" || true)
echo "lookup - : $lines addresses in $(echo "$end - $start" | bc) s end to end ($resolved resolved)"

go test -run '^$' -bench 'BenchmarkResolve|BenchmarkIndex' -benchtime 2s ./mapping/
