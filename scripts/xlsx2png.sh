#!/bin/sh
# xlsx2png.sh — print workbooks to PDF with LibreOffice (scripts/xlsx2pdf.sh)
# and turn every page into a PNG, to look at what a person gets on paper
# or on screen without Excel. xlsx2pdf.sh installs LibreOffice and
# poppler-utils (pdftoppm) when they are missing and it runs as root.
#
# Usage: scripts/xlsx2png.sh FILE.xlsx... [--outdir DIR] [--dpi N] [--pages N]
#   --outdir DIR  where the PDFs and PNGs go (default: next to each workbook)
#   --dpi N       resolution of the PNGs (default 70: a landscape A4 page is
#                 about 820 pixels wide)
#   --pages N     only the first N pages of each workbook (default: all)
#
# Prints each PDF, its page count, and the PNGs: FILE-1.png, FILE-2.png… (the
# numbers zero-padded when there are ten pages or more).
set -eu

here=$(dirname "$0")
outdir=""
dpi=70
pages=""
files=""
while [ $# -gt 0 ]; do
	case "$1" in
	--outdir) outdir="$2"; shift 2 ;;
	--dpi) dpi="$2"; shift 2 ;;
	--pages) pages="$2"; shift 2 ;;
	-h|--help) sed -n '2,15p' "$0"; exit 0 ;;
	*) files="$files
$1"; shift ;;
	esac
done
if [ -z "$files" ]; then
	echo "usage: $0 FILE.xlsx... [--outdir DIR] [--dpi N] [--pages N]" >&2
	exit 2
fi

echo "$files" | while IFS= read -r f; do
	[ -n "$f" ] || continue
	dir=${outdir:-$(dirname "$f")}
	# --png: xlsx2pdf.sh also installs pdftoppm when it is missing.
	pdf=$("$here/xlsx2pdf.sh" "$f" --outdir "$dir" --png | head -n 1)
	n=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	echo "$pdf: ${n:-?} pages"
	base="${pdf%.pdf}"
	rm -f "$base"-*.png
	if [ -n "$pages" ]; then
		pdftoppm -png -r "$dpi" -f 1 -l "$pages" "$pdf" "$base"
	else
		pdftoppm -png -r "$dpi" "$pdf" "$base"
	fi
	ls "$base"-*.png
done
