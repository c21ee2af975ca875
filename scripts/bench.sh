#!/usr/bin/env bash
# Runs the national demo at scale 1 and 10 (or SCALES="..."), end to end
# with a fresh workspace each time, and prints wall time, peak memory and
# elements per second per stage. Needs GNU time and jq (Debian packages
# "time" and "jq"; installed here if missing).
#
#   scripts/bench.sh            # scale 1 and 10
#   SCALES="1 2 5" scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
for tool in /usr/bin/time:time jq:jq; do
    bin=${tool%%:*}; pkg=${tool##*:}
    if ! command -v "$bin" >/dev/null; then
        apt-get update -qq && apt-get install -y -qq "$pkg" >/dev/null
    fi
done
go build -o bin/archmerge ./cmd/archmerge
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-6s %9s %10s %9s  %s\n' scale elements wall_s peak_MiB "stage: seconds (elements/s)"
for scale in ${SCALES:-1 10}; do
    dir="$work/s$scale"
    /usr/bin/time -f '%e %M' -o "$work/time" bin/archmerge --format json demo --out "$dir" --scale "$scale" >"$work/out.json" 2>"$work/err" || {
        echo "scale $scale failed:"; cat "$work/err"; exit 1; }
    read -r wall kib <"$work/time"
    elements=$(jq '.elements' "$work/out.json")
    stages=$(jq -r --argjson n "$elements" '.seconds | to_entries | map(select(.key != "total")) |
        map("\(.key) \(.value*100|round/100)s (\(if .value > 0 then ($n/.value|round) else "-" end)/s)") | join(", ")' "$work/out.json")
    printf '%-6s %9s %10s %9s  %s\n' "$scale" "$elements" "$wall" "$((kib / 1024))" "$stages"
done
