#!/usr/bin/env bash
# Runs the dashboard's browser test (workspace.TestDashboardInBrowser): headless
# Chromium opens the national page and a province page from disk and checks them
# (no console error, no request outside file://, the 34 tiles, the table sorts, the
# numbers equal `status`), and writes screenshots and A4 prints for review.
# Installs Debian's chromium (and a font with Vietnamese) when missing: the Go test
# itself never installs anything, and skips, saying why, where there is no Chromium.
#
#   scripts/test-dashboard.sh             # the test's own small workspace (seconds)
#   DEMO=1 scripts/test-dashboard.sh      # then the national demo (scale SCALE, default 1):
#                                         # every page opened, weights and render times
#
# Screenshots go to $ARCHMERGE_SCREENSHOTS (default: $TMPDIR/archmerge-dashboard-screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && [ -z "${ARCHMERGE_CHROMIUM:-}" ]; then
    echo "test-dashboard: installing Debian's chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
export ARCHMERGE_SCREENSHOTS="${ARCHMERGE_SCREENSHOTS:-${TMPDIR:-/tmp}/archmerge-dashboard-screenshots}"

go test -count=1 -run 'TestDashboardInBrowser' -v ./workspace | grep -v '^=== '

if [ -n "${DEMO:-}" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    go build -o "$work/archmerge" ./cmd/archmerge
    echo "test-dashboard: archmerge demo --scale ${SCALE:-1} into $work/demo" >&2
    "$work/archmerge" demo --out "$work/demo" --scale "${SCALE:-1}" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
    ARCHMERGE_DASHBOARD_DEMO="$work/demo" go test -count=1 -run 'TestDashboardInBrowser' -v ./workspace | grep -v '^=== '
fi
echo "test-dashboard: screenshots and A4 prints in $ARCHMERGE_SCREENSHOTS" >&2
