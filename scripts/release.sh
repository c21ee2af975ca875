#!/usr/bin/env bash
# Builds the release archives of archmerge into dist/ (git-ignored):
#
#   dist/archmerge-VERSION-linux-amd64.tar.gz    static binary, no glibc needed
#   dist/archmerge-VERSION-windows-amd64.zip     archmerge.exe (Windows 10 or later)
#   dist/SHA256SUMS
#
# each with README.md, docs/, NOTICE.md (licences and attribution of the
# built-in data) and THIRD-PARTY-LICENSES.txt (the Go toolchain and every
# module compiled in). See docs/release.md.
#
# Usage: scripts/release.sh [linux] [windows]     (default: both)
#
# Environment:
#   VERSION             the version to stamp (default: the tag vX.Y.Z on HEAD
#                       without its v, else the Version in cmd/archmerge/app.go)
#   SOURCE_DATE_EPOCH   the build date to stamp and to give the archived files
#                       (default: now); with it, two builds of the same commit
#                       give the same archives byte for byte
#
# Both builds use cgo (SQLite is C). The Windows one cross-compiles with the
# mingw-w64 compiler from Debian's gcc-mingw-w64-x86-64, installed here with
# apt-get when it is missing; its first build compiles SQLite's C source for
# Windows (a few minutes on 2 cores, cached afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:/usr/local/go/bin"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux windows)
for t in "${targets[@]}"; do
    case $t in
    linux | windows) ;;
    *)
        echo "release: unknown target $t (expected linux or windows)" >&2
        exit 2
        ;;
    esac
done

# need CMD PACKAGE: installs Debian's PACKAGE when CMD is missing.
apt_updated=
need() {
    command -v "$1" >/dev/null && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "release: $1 not found; install Debian's $2 (sudo apt-get install $2)" >&2
        exit 1
    fi
    echo "release: $1 not found; installing Debian's $2" >&2
    if [ -z "$apt_updated" ]; then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
if ! command -v go >/dev/null; then
    echo "release: Go 1.26 is required (https://go.dev/dl); not found on PATH" >&2
    exit 1
fi
need gcc gcc
need zip zip
need sha256sum coreutils
need objdump binutils
for t in "${targets[@]}"; do
    [ "$t" = windows ] && need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
done

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit+=-dirty
fi
epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
date=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
version=${VERSION:-$(git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null | sed 's/^v//' || true)}

# One set of tags and flags for both platforms, so that both carry the same
# SQLite. Static: the Linux binary needs no glibc of any version (-static;
# netgo and osusergo keep the net and os/user packages off glibc's NSS;
# sqlite_omit_load_extension drops SQLite's dlopen, which a static glibc
# binary cannot use). The Windows one then needs no mingw DLL either.
tags="netgo osusergo sqlite_omit_load_extension"
ldflags="-s -w -X main.Commit=$commit -X main.BuildDate=$date"
[ -z "$version" ] || ldflags+=" -X main.Version=$version"
ldflags+=" -linkmode external -extldflags -static"

rm -rf dist
stage=dist/.stage
mkdir -p "$stage"

# build GOOS CC OUT
build() {
    local start=$SECONDS
    CGO_ENABLED=1 GOOS=$1 GOARCH=amd64 CC=$2 \
        go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$3" ./cmd/archmerge
    echo "release: built $3 for $1/amd64 in $((SECONDS - start)) s" >&2
}

# notices DIR GOOS: the licence files that go beside the binary.
notices() {
    local dir=$1 goos=$2
    {
        echo "# archmerge: notices"
        echo
        echo "archmerge embeds the data of Vietnam's 2025 administrative restructuring. Its sources,"
        echo "their licences and their attribution follow, as they are in the source tree."
        # Every README and LICENSE of an embedded data folder (mapping/data today).
        while IFS= read -r f; do
            echo
            echo "---"
            echo
            echo "<!-- $f -->"
            echo
            cat "$f"
        done < <(git ls-files -- '*data/README*' '*data/LICENSE*' | LC_ALL=C sort)
    } >"$dir/NOTICE.md"
    {
        echo "archmerge is built with the Go toolchain and the modules below; their licences follow."
        echo "SQLite, compiled in through github.com/mattn/go-sqlite3, is in the public domain."
        echo
        echo "================================================================================"
        echo "Go $(go env GOVERSION) (standard library and runtime)"
        echo "================================================================================"
        cat "$(go env GOROOT)/LICENSE"
        GOOS=$goos CGO_ENABLED=1 go list -deps -tags "$tags" \
            -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' ./cmd/archmerge |
            LC_ALL=C sort -u | while read -r path ver mdir; do
            echo
            echo "================================================================================"
            echo "$path $ver"
            echo "================================================================================"
            local found=
            for f in "$mdir"/LICENSE* "$mdir"/LICENCE* "$mdir"/COPYING* "$mdir"/NOTICE*; do
                [ -f "$f" ] || continue
                cat "$f"
                found=1
            done
            if [ -z "$found" ]; then
                echo "release: no licence file in module $path $ver ($mdir)" >&2
                exit 1
            fi
        done
    } >"$dir/THIRD-PARTY-LICENSES.txt"
}

# stage TARGET DIR: everything but the binary.
stage_docs() {
    mkdir -p "$2/docs"
    cp README.md "$2/"
    cp docs/*.md "$2/docs/"
    notices "$2" "$1"
}

for t in "${targets[@]}"; do
    case $t in
    linux)
        bin=$stage/linux/archmerge
        build linux gcc "$bin"
        if objdump -T "$bin" >/dev/null 2>&1; then
            echo "release: $bin is dynamically linked; it must be static" >&2
            exit 1
        fi
        ;;
    windows)
        bin=$stage/windows/archmerge.exe
        build windows x86_64-w64-mingw32-gcc "$bin"
        ;;
    esac
done

# The version the binaries carry names the archives: without VERSION, the
# default in the source, asked of a quick cgo-less build (--version needs no
# SQLite).
if [ -z "$version" ]; then
    version=$(CGO_ENABLED=0 go run ./cmd/archmerge --version | awk '{print $2}')
fi

# Archived files carry the build date, sorted names and no owner: with
# SOURCE_DATE_EPOCH set, the same commit gives the same bytes.
for t in "${targets[@]}"; do
    name=archmerge-$version-$t-amd64
    dir=$stage/$name
    mkdir -p "$dir"
    mv "$stage/$t"/* "$dir/"
    stage_docs "$t" "$dir"
    find "$dir" -exec touch -h -d "@$epoch" {} +
    case $t in
    linux)
        tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
            -cf - "$name" | gzip -n -9 >"dist/$name.tar.gz"
        ;;
    windows)
        (cd "$stage" && find "$name" | LC_ALL=C sort | TZ=UTC zip -q -X -9 -@ "../$name.zip")
        ;;
    esac
done
rm -rf "$stage"

shopt -s nullglob
(cd dist && sha256sum -- *.tar.gz *.zip >SHA256SUMS)
echo "release: archmerge $version (commit $commit, $date) in $root/dist:" >&2
(cd dist && ls -l -- *.tar.gz *.zip SHA256SUMS | awk '{printf "  %-45s %6.1f MB\n", $NF, $5/1e6}') >&2
