#!/bin/sh
# xlsx2pdf.sh — convert reconciliation workbooks to PDF with LibreOffice, so
# that a person can look at them without Excel (and check that they read
# well). Installs LibreOffice Calc (Debian package libreoffice-calc-nogui)
# when it is missing and the script runs as root.
#
# Usage: scripts/xlsx2pdf.sh FILE.xlsx... [--outdir DIR] [--png]
#   --outdir DIR  where the PDFs go (default: next to each workbook)
#   --png         also render the first page of each PDF to PNG (needs
#                 pdftoppm, Debian package poppler-utils)
#
# LibreOffice prints every visible sheet; the hidden identity and lists
# sheets are left out.
set -eu

outdir=""
png=0
files=""
while [ $# -gt 0 ]; do
	case "$1" in
	--outdir) outdir="$2"; shift 2 ;;
	--png) png=1; shift ;;
	-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
	*) files="$files
$1"; shift ;;
	esac
done
if [ -z "$files" ]; then
	echo "usage: $0 FILE.xlsx... [--outdir DIR] [--png]" >&2
	exit 2
fi

install_pkg() {
	if [ "$(id -u)" != 0 ]; then
		echo "xlsx2pdf: $1 is missing: install the Debian package $2 (sudo apt-get install -y $2)" >&2
		exit 1
	fi
	echo "xlsx2pdf: installing $2…" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null || {
		apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null
	}
}

command -v soffice >/dev/null 2>&1 || install_pkg soffice libreoffice-calc-nogui
if [ "$png" = 1 ]; then
	command -v pdftoppm >/dev/null 2>&1 || install_pkg pdftoppm poppler-utils
fi

# A private LibreOffice profile: the conversion works even while another
# LibreOffice runs, and leaves the user's settings alone.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM

echo "$files" | while IFS= read -r f; do
	[ -n "$f" ] || continue
	if [ ! -f "$f" ]; then
		echo "xlsx2pdf: $f: no such file" >&2
		exit 1
	fi
	dir=${outdir:-$(dirname "$f")}
	mkdir -p "$dir"
	soffice --headless "-env:UserInstallation=file://$profile" --convert-to pdf --outdir "$dir" "$f" >/dev/null
	pdf="$dir/$(basename "${f%.*}").pdf"
	if [ ! -s "$pdf" ]; then
		echo "xlsx2pdf: $f: LibreOffice wrote no PDF" >&2
		exit 1
	fi
	echo "$pdf"
	if [ "$png" = 1 ]; then
		pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "${pdf%.pdf}"
		ls "${pdf%.pdf}"*.png
	fi
done
