#!/usr/bin/env bash
# Runs the Windows release binary under Wine as a provincial office would
# use it, and compares everything it writes with the Linux release binary's
# output for the same steps. See docs/release.md, "Testing the Windows build".
#
# Usage: scripts/test-windows.sh [--no-build]
#   builds the release archives (scripts/release.sh), unpacks them, and runs
#   both binaries; --no-build tests the archives already in dist/.
#
# What it runs, each step with both binaries in folders of their own (the
# Windows one given Windows paths: drive letter, backslashes, Vietnamese
# folder and file names), and what must be the same:
#   1. --version                       same version, commit and date
#   2. demo                            same plan id and totals, same files,
#                                      same inventories byte for byte, same
#                                      sheets and cells in a sample of workbooks
#   3. template, filled as a person would (scripts/xlsxtool) with Vietnamese
#      names, saved as "kiểm kê\Hà Giang – Tuyên Quang.xlsx"; a CSV pair
#      with CRLF line ends; import both into a new workspace in a folder
#      the user names                 same summary; the workspace where asked
#   4. plan; import of the built-in mapping as CSVs with CRLF; plan again
#                                      same plan id, before and after
#   5. report, twice (the second replaces the first workbooks)
#                                      same sheets and cells
#   6. lookup: arguments, and stdin with a BOM and CRLF, text and JSON
#                                      same answers byte for byte
#   7. an inventory with errors        same messages (exit 3), valid UTF-8
#   8. two Windows processes planning at once on one workspace (SQLite's WAL
#      locks under Wine)               both succeed with the same plan
# and ends with "N passed, N failed". Exit 0 when all passed, 1 when any
# failed, 77 when Wine cannot be had (not root, no apt-get).
#
# Wine: Debian's wine64, installed with apt-get when missing; headless (no
# display is needed for console programs). Wine 8 (Debian 12) lacks
# bcryptprimitives.dll, which Go programs need at start-up: the test's
# own Wine prefix gets the stand-in built from scripts/wine/.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export PATH="$PATH:/usr/local/go/bin"

build=1
case "${1:-}" in
"") ;;
--no-build) build=0 ;;
*)
    echo "usage: scripts/test-windows.sh [--no-build]" >&2
    exit 2
    ;;
esac

# --- Wine -------------------------------------------------------------------
find_wine() {
    local w
    for w in wine64 /usr/lib/wine/wine64 wine; do
        if command -v "$w" >/dev/null; then
            command -v "$w"
            return 0
        fi
    done
    return 1
}
wine=$(find_wine || true)
if [ -z "$wine" ]; then
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "test-windows: SKIP: Wine is not installed and cannot be (needs root and apt-get: apt-get install wine64)" >&2
        exit 77
    fi
    echo "test-windows: installing Debian's wine64" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 >/dev/null
    wine=$(find_wine)
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null && [ "$(id -u)" = 0 ]; then
    # release.sh installs it too; the Wine stand-in DLL needs it even with --no-build.
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64 >/dev/null
fi
wineserver=$(dirname "$wine")/wineserver
[ -x "$wineserver" ] || wineserver=wineserver

# --- The binaries -------------------------------------------------------------
if [ "$build" = 1 ]; then
    scripts/release.sh linux windows
fi
shopt -s nullglob
tgz=(dist/archmerge-*-linux-amd64.tar.gz)
zip=(dist/archmerge-*-windows-amd64.zip)
shopt -u nullglob
if [ ${#tgz[@]} != 1 ] || [ ${#zip[@]} != 1 ]; then
    echo "test-windows: dist/ must hold one Linux and one Windows archive; run scripts/release.sh" >&2
    exit 1
fi
(cd dist && sha256sum --quiet -c SHA256SUMS)

work=$(mktemp -d /tmp/archmerge-wintest.XXXXXX)
export WINEPREFIX=$work/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LC_ALL=C.UTF-8
unset DISPLAY
cleanup() {
    "$wineserver" -k >/dev/null 2>&1 || true
    if [ "${KEEP:-}" = 1 ]; then
        echo "test-windows: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

mkdir -p "$work/pkg"
tar -C "$work/pkg" -xzf "${tgz[0]}"
unzip -q -d "$work/pkg" "${zip[0]}"
linbin=$(echo "$work"/pkg/archmerge-*-linux-amd64/archmerge)
winexe=$(echo "$work"/pkg/archmerge-*-windows-amd64/archmerge.exe)
xlsxtool=$work/xlsxtool
go build -o "$xlsxtool" ./scripts/xlsxtool

t0=$SECONDS
"$wine" wineboot -i >/dev/null 2>&1 || true
"$wineserver" -w || true
sys32=$WINEPREFIX/drive_c/windows/system32
if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$sys32/bcryptprimitives.dll" scripts/wine/bcryptprimitives.c -lbcrypt
    echo "test-windows: $("$wine" --version) lacks bcryptprimitives.dll: the test's stand-in is in its prefix" >&2
fi
echo "test-windows: Wine prefix ready in $((SECONDS - t0)) s" >&2

# --- Running and comparing ------------------------------------------------------
lin=$work/lin # the Linux binary's folder
win=$work/win # the Windows binary's folder, Z:\...\win for it
mkdir -p "$lin" "$win"
winroot="Z:${win//\//\\}"
pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "ok    $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL  $1"
}

# L ARGS... / W ARGS...: run a binary in its folder, stdin from $stdin
# (default none); stdout, stderr and the exit code go to
# $lin/NAME.{out,err,rc} (W: $win/...), NAME being $step.
L() {
    local rc=0
    (cd "$lin" && "$linbin" "$@") <"${stdin:-/dev/null}" >"$lin/$step.out" 2>"$lin/$step.err" || rc=$?
    echo "$rc" >"$lin/$step.rc"
}
W() {
    local rc=0
    (cd "$win" && "$wine" "$winexe" "$@") <"${stdin:-/dev/null}" >"$win/$step.out" 2>"$win/$step.err" || rc=$?
    echo "$rc" >"$win/$step.rc"
}

# norm FILE SIDE: the text with the side's own folder written ROOT and the
# Windows path separators written /, so that the two binaries' outputs can
# be compared (durations written T): in JSON (a file starting with "{") only the escaped \\, which
# is always a literal backslash (\" is a quote), elsewhere every \.
norm() {
    if [ "$2" = lin ]; then
        sed -e "s#$lin#ROOT#g" "$1"
    elif [ "$(head -c 1 "$1")" = "{" ]; then
        sed -e 's/\\\\/\//g' -e "s#Z:$win#ROOT#g" "$1"
    else
        sed -e 's/\\/\//g' -e "s#Z:$win#ROOT#g" "$1"
    fi | sed -e 's/ [0-9]*\.[0-9] giây/ T giây/g' -e 's/ [0-9]*\.[0-9] s$/ T s/' # durations
}

# same NAME FILE-L FILE-W: the two normalised files must be equal.
same() {
    if diff -u --label linux --label windows <(norm "$2" lin) <(norm "$3" win) >"$work/diff" 2>&1; then
        ok "$1"
    else
        bad "$1"
        head -40 "$work/diff" | cut -c1-300 | sed 's/^/      /'
    fi
}

# ran NAME [RC]: both runs of $step exited RC (default 0), same stdout and
# stderr, and nothing but valid UTF-8 on either.
ran() {
    local want=${2:-0} f
    if [ "$(cat "$lin/$step.rc")" = "$want" ] && [ "$(cat "$win/$step.rc")" = "$want" ]; then
        ok "$1: exit $want on both"
    else
        bad "$1: exit $(cat "$lin/$step.rc") on Linux, $(cat "$win/$step.rc") on Windows, want $want"
        sed 's/^/      windows: /' "$win/$step.err" | head -10
    fi
    for f in "$lin/$step.out" "$lin/$step.err" "$win/$step.out" "$win/$step.err"; do
        if ! iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || grep -q $'\r' "$f"; then
            bad "$1: $(basename "$(dirname "$f")")/$(basename "$f") is not clean UTF-8 text (bad bytes or CR)"
        fi
    done
    same "$1: stdout" "$lin/$step.out" "$win/$step.out"
    same "$1: stderr" "$lin/$step.err" "$win/$step.err"
}

# workbook NAME FILE-L FILE-W ID-L ID-W: same sheets, visibility and cells,
# the workspace ids (random per workspace) set aside.
workbook() {
    "$xlsxtool" dump "$2" | sed "s/$4/WORKSPACE_ID/g" >"$work/l.dump"
    "$xlsxtool" dump "$3" | sed "s/$5/WORKSPACE_ID/g" >"$work/w.dump"
    same "$1 ($(grep -c '^== sheet' "$work/l.dump") sheets, $(grep -vc '^== sheet' "$work/l.dump") cells)" "$work/l.dump" "$work/w.dump"
}

# wsid SIDE DB: the id of a workspace, asked of that side's binary.
wsid() {
    local step=wsid
    if [ "$1" = lin ]; then L --db "$2" --format json init; else W --db "$2" --format json init; fi
    sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' "${!1}/wsid.out"
}

# plan_id SIDE: the plan id in $step's JSON output.
plan_id() { sed -n 's/^{"plan_id":"\([^"]*\)".*/\1/p' "${!1}/$step.out"; }

# 1. The version stamps.
step=version
L --version
W --version
echo "      $(cat "$lin/version.out")"
echo "      $(cat "$win/version.out")"
sed -i 's# [a-z]*/amd64)$#)#' "$lin/version.out" "$win/version.out" # the platform differs
ran "--version: the same version, commit and date"

# 2. The demo, in a folder with a Vietnamese name, given as an absolute path.
step=demo
t=$SECONDS
L demo --out "$lin/bản demo"
tl=$((SECONDS - t))
t=$SECONDS
W demo --out "$winroot\\bản demo"
tw=$((SECONDS - t))
sed -i '/^Thời gian:/d' "$lin/demo.out" "$win/demo.out" # timings
: >"$lin/demo.err"                                   # progress lines, with timings
: >"$win/demo.err"
ran "demo (Linux ${tl} s, Wine ${tw} s)"
echo "      $(grep -o 'phương án P[0-9a-f]*' "$win/demo.out")"
(cd "$lin/bản demo" && find . -type f ! -name 'archmerge.db*' | LC_ALL=C sort) >"$lin/demo.files"
(cd "$win/bản demo" && find . -type f ! -name 'archmerge.db*' | LC_ALL=C sort) >"$win/demo.files"
same "demo: the same $(wc -l <"$lin/demo.files") files" "$lin/demo.files" "$win/demo.files"
(cd "$lin/bản demo/inventories" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) >"$lin/demo.sums"
(cd "$win/bản demo/inventories" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) >"$win/demo.sums"
same "demo: inventories byte for byte" "$lin/demo.sums" "$win/demo.sums"
idl=$(wsid lin "$lin/bản demo/archmerge.db")
idw=$(wsid win "$winroot\\bản demo\\archmerge.db")
for wb in $(cd "$lin/bản demo/reports" && ls | sed -n '1p;17p;$p'); do
    workbook "demo: $wb" "$lin/bản demo/reports/$wb" "$win/bản demo/reports/$wb" "$idl" "$idw"
done

# 3. A template filled with Vietnamese names, and a CSV pair with CRLF,
# imported into a workspace in a folder the user names.
step=template
L template "mẫu kiểm kê.xlsx"
W template "mẫu kiểm kê.xlsx"
ran "template"
"$xlsxtool" dump "$lin/mẫu kiểm kê.xlsx" >"$work/l.dump"
"$xlsxtool" dump "$win/mẫu kiểm kê.xlsx" >"$work/w.dump"
same "template: the same workbook" "$work/l.dump" "$work/w.dump"
for side in lin win; do
    d=${!side}
    mkdir -p "$d/kiểm kê/Tuyên Quang"
    "$xlsxtool" fill "$d/mẫu kiểm kê.xlsx" "$d/kiểm kê/Hà Giang – Tuyên Quang.xlsx" "$d/bản demo/inventories/02-ha-giang"
    for f in elements relations; do
        sed 's/$/\r/' "$d/bản demo/inventories/08-tuyen-quang/$f.csv" >"$d/kiểm kê/Tuyên Quang/$f.csv"
    done
done
step=import
L --db "đơn vị mới/Tuyên Quang/archmerge.db" import inventory "kiểm kê/Hà Giang – Tuyên Quang.xlsx" "kiểm kê/Tuyên Quang"
W --db "$winroot\\đơn vị mới\\Tuyên Quang\\archmerge.db" import inventory "kiểm kê\\Hà Giang – Tuyên Quang.xlsx" "kiểm kê\\Tuyên Quang"
ran "import of the filled template and the CRLF CSV pair"
ls -A "$lin/đơn vị mới/Tuyên Quang" >"$lin/import.files"
ls -A "$win/đơn vị mới/Tuyên Quang" >"$win/import.files"
same "import: the new workspace, alone, in the folder named ($(tr '\n' ' ' <"$win/import.files"))" "$lin/import.files" "$win/import.files"
dbl="$lin/đơn vị mới/Tuyên Quang/archmerge.db"
dbw="$winroot\\đơn vị mới\\Tuyên Quang\\archmerge.db"

# 4. Plans, before and after importing the built-in mapping as CRLF CSVs.
asof=2025-07-01
step=plan
L --db "$dbl" --format json plan --province 08 --as-of $asof
W --db "$dbw" --format json plan --province 08 --as-of $asof
ran "plan --province 08"
p1=$(plan_id win)
for side in lin win; do
    mkdir -p "${!side}/ánh xạ 2025"
    for f in mapping/data/*.csv; do
        sed 's/$/\r/' "$f" >"${!side}/ánh xạ 2025/$(basename "$f")"
    done
done
step=mapping
L --db "$dbl" import mapping "ánh xạ 2025"
W --db "$dbw" import mapping "ánh xạ 2025"
ran "import mapping of CRLF CSVs"
step=replan
L --db "$dbl" --format json plan --province 08 --as-of $asof
W --db "$dbw" --format json plan --province 08 --as-of $asof
ran "plan after the CRLF mapping"
if [ -n "$p1" ] && [ "$(plan_id lin)" = "$p1" ] && [ "$(plan_id win)" = "$p1" ]; then
    ok "plan: the same plan $p1 on both, with the built-in and with the CRLF mapping"
else
    bad "plan: ids $p1 (Windows, built-in mapping), $(plan_id lin) (Linux) and $(plan_id win) (Windows) after the CRLF mapping"
fi

# 5. Report, twice: the second replaces the workbooks of the first.
idl=$(wsid lin "$dbl")
idw=$(wsid win "$dbw")
for step in report report2; do
    L --db "$dbl" report --province 08 --out "$lin/sổ đối soát"
    W --db "$dbw" report --province 08 --out "$winroot\\sổ đối soát"
    ran "$step into a folder named with an absolute path"
    workbook "$step: 08-tuyen-quang.xlsx" "$lin/sổ đối soát/08-tuyen-quang.xlsx" "$win/sổ đối soát/08-tuyen-quang.xlsx" "$idl" "$idw"
done
ls -A "$win/sổ đối soát" >"$win/report.files"
ls -A "$lin/sổ đối soát" >"$lin/report.files"
same "report: nothing but the workbook in the folder" "$lin/report.files" "$win/report.files"

# The workbook open in Excel: Windows refuses to replace it. The report
# must fail saying so, leave the open workbook as it was and no temporary
# file behind. (Windows only: Linux replaces open files.)
x86_64-w64-mingw32-gcc -O2 -municode -o "$work/holdopen.exe" scripts/wine/holdopen.c
before=$(sha256sum <"$win/sổ đối soát/08-tuyen-quang.xlsx")
(cd "$win" && "$wine" "$work/holdopen.exe" "sổ đối soát\\08-tuyen-quang.xlsx" release >"$win/hold.out" 2>&1) &
holder=$!
for _ in $(seq 300); do grep -q holding "$win/hold.out" 2>/dev/null && break; sleep 0.2; done
step=report-open
W --db "$dbw" report --province 08 --out "sổ đối soát"
touch "$win/release"
wait "$holder" || true
if [ "$(cat "$win/$step.rc")" = 1 ] && grep -q "Tệp đang được mở trong chương trình khác (Excel?)" "$win/$step.err" &&
    [ "$(sha256sum <"$win/sổ đối soát/08-tuyen-quang.xlsx")" = "$before" ] &&
    [ "$(ls -A "$win/sổ đối soát")" = 08-tuyen-quang.xlsx ]; then
    ok "report over a workbook held open (as by Excel): refused with the cause, workbook intact, nothing left behind"
    grep -q holding "$win/hold.out" || bad "report over a workbook held open: the holder never held it"
else
    bad "report over a workbook held open: exit $(cat "$win/$step.rc"), folder: $(ls -A "$win/sổ đối soát" | tr '\n' ' ')"
    sed 's/^/      /' "$win/$step.err" | head -5
fi
echo "      $(tail -2 "$win/$step.err" | head -1 | cut -c1-160)"
echo "      $(tail -1 "$win/$step.err")"

# 6. Lookups: arguments, and a file saved by Notepad (BOM, CRLF) on stdin.
step=lookup-args
L lookup 00001 "xã Việt Lâm, huyện Vị Xuyên, Hà Giang" "Phường Quang Trung" "xa viet lamm"
W lookup 00001 "xã Việt Lâm, huyện Vị Xuyên, Hà Giang" "Phường Quang Trung" "xa viet lamm"
ran "lookup with arguments"
printf '\xef\xbb\xbf00001\r\nxa viet lam, huyen vi xuyen, ha giang\r\nHà Giang\r\nPhường Phúc Xá, Ba Đình, Hà Nội\r\n00967\r\nXã Không Có\r\n' >"$work/queries.txt"
step=lookup-stdin
stdin=$work/queries.txt
L --format json lookup -
W --format json lookup -
ran "lookup - (JSON) from a file with a BOM and CRLF"
if head -1 "$win/$step.out" | grep -q '"query":"00001","status":"resolved"'; then
    ok "lookup -: the first query, after the BOM, resolved"
else
    bad "lookup -: the first query, after the BOM: $(head -c 120 "$win/$step.out")"
fi
step=lookup-en
L --lang en lookup --vintage new -
W --lang en lookup --vintage new -
ran "lookup --lang en --vintage new (text) from the same file"
stdin=

# 7. An inventory with errors: the same messages, exit 3, nothing written.
for side in lin win; do
    mkdir -p "${!side}/kiểm kê lỗi"
    printf '\xef\xbb\xbfid,unit_code,kind,name\r\nKTTTHC,00688,phần mềm,Hệ thống một cửa điện tử phường Quang Trung\r\nDC,9,datacentre,Trung tâm dữ liệu\r\n,00691,application,Cổng thông tin phường Trần Phú\r\n' >"${!side}/kiểm kê lỗi/elements.csv"
done
for lang in vi en; do
    step=errors-$lang
    L --db "$dbl" --lang $lang import inventory "kiểm kê lỗi/elements.csv"
    W --db "$dbw" --lang $lang import inventory "kiểm kê lỗi\\elements.csv"
    ran "import rejected ($lang)" 3
done
echo "      $(head -2 "$win/errors-vi.err" | tail -1)"

# 8. Two Windows processes planning on one workspace at once.
step=concurrent
for i in 1 2; do
    (
        rc=0
        cd "$win" && "$wine" "$winexe" --db "$dbw" --format json plan --province 08 --as-of $asof >"$win/c$i.out" 2>"$win/c$i.err" || rc=$?
        echo $rc >"$win/c$i.rc"
    ) &
done
wait
if [ "$(cat "$win/c1.rc")$(cat "$win/c2.rc")" = 00 ] &&
    [ "$(sed -n 's/^{"plan_id":"\([^"]*\)".*/\1/p' "$win/c1.out")" = "$p1" ] &&
    [ "$(sed -n 's/^{"plan_id":"\([^"]*\)".*/\1/p' "$win/c2.out")" = "$p1" ]; then
    ok "two Windows processes planning at once on one workspace: both done, plan $p1"
else
    bad "two Windows processes planning at once: exits $(cat "$win/c1.rc") and $(cat "$win/c2.rc")"
    cat "$win/c1.err" "$win/c2.err" | head -10 | sed 's/^/      /'
fi

echo "test-windows: archmerge $(awk '{print $2}' "$win/version.out"); Linux $(basename "${tgz[0]}"), Windows $(basename "${zip[0]}")"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
