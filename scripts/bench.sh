#!/usr/bin/env bash
# Runs the national demo at scale 1 and 10 (or SCALES="..."), end to end
# with a fresh workspace each time, and prints wall time, peak memory and
# elements per second per stage; then, on the demo's workspace, the
# commands people run every day: status, plan, report (national and one
# province), apply of one province's workbook (as written, and with every
# row decided) and export, each with its wall time and peak memory.
# Needs GNU time and jq (Debian packages "time" and "jq"; installed here if
# missing). RUNS=N repeats each command N times (default 1) to show the
# spread (the demo too); PROVINCE=CODE picks the province (default 79, the
# largest). The batch's stages overlap (it plans while it imports), so
# their seconds add up to more than the wall time.
#
#   scripts/bench.sh            # scale 1 and 10
#   SCALES="1 2 5" RUNS=3 scripts/bench.sh
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
go build -o bin/fillbook ./scripts/fillbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prov=${PROVINCE:-79}
runs=${RUNS:-1}

# timed LABEL CMD...: runs CMD RUNS times and prints its wall times and peak
# memory (MiB).
timed() {
    local label=$1; shift
    local walls="" peaks=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/cmd.out" 2>"$work/cmd.err" || {
            code=$?
            if [ "$code" -ne 0 ] && [ "$code" -ne 4 ]; then echo "$label failed (exit $code):"; tail -5 "$work/cmd.err"; exit 1; fi; }
        read -r wall kib <"$work/time"
        walls="$walls $wall"; peaks="$peaks $((kib / 1024))"
    done
    printf '  %-34s wall_s:%-24s peak_MiB:%s\n' "$label" "$walls" "$peaks"
}

printf '%-6s %9s %10s %9s  %s\n' scale elements wall_s peak_MiB "stage: seconds (elements/s)"
for scale in ${SCALES:-1 10}; do
    dir="$work/s$scale"
    # The demo RUNS times, each into a new folder (the last one's workspace
    # serves the commands below).
    for _ in $(seq "$runs"); do
        rm -rf "$dir"
        /usr/bin/time -f '%e %M' -o "$work/time" bin/archmerge --format json demo --out "$dir" --scale "$scale" >"$work/out.json" 2>"$work/err" || {
            echo "scale $scale failed:"; cat "$work/err"; exit 1; }
        read -r wall kib <"$work/time"
        elements=$(jq '.elements' "$work/out.json")
        stages=$(jq -r --argjson n "$elements" '.seconds | to_entries | map(select(.key != "total")) |
            map("\(.key) \(.value*100|round/100)s (\(if .value > 0 then ($n/.value|round) else "-" end)/s)") | join(", ")' "$work/out.json")
        printf '%-6s %9s %10s %9s  %s\n' "$scale" "$elements" "$wall" "$((kib / 1024))" "$stages"
    done

    db="$dir/archmerge.db"
    book=$(ls "$dir/reports/$prov-"*.xlsx)
    am=(bin/archmerge --db "$db")
    timed "status" "${am[@]}" status
    timed "plan (national)" "${am[@]}" plan
    timed "report (national)" "${am[@]}" report --out "$work/r$scale"
    timed "report --province $prov" "${am[@]}" report --out "$work/p$scale" --province "$prov"
    timed "apply $prov (as written)" "${am[@]}" apply "$book" --by bench
    bin/fillbook "$book" "$work/decided$scale.xlsx" 2>/dev/null
    timed "apply $prov (every row decided)" "${am[@]}" apply "$work/decided$scale.xlsx" --by bench
    timed "status (after the apply)" "${am[@]}" status
    timed "export --format json" "${am[@]}" export --format json --out "$work/e$scale"
done
