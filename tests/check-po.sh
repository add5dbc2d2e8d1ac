#!/bin/sh
# Fails when zh_CN misses or fuzzes a string of the sources, or when a file
# that marks strings for translation is missing from po/POTFILES.in.
set -eu
src=${1:-.}
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$tmp/listed"
if ! sort -c "$tmp/listed" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted"
  status=1
fi
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; status=1; }
done < "$tmp/listed"

# Files that mark strings: C sources with _() N_() C_() NC_() ngettext,
# .ui files with translatable="yes", and the data templates.
{
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)\(' --include='*.c' src || true
  grep -rl 'translatable="yes"' --include='*.ui' src || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | sort -u > "$tmp/marking"
missing=$(comm -23 "$tmp/marking" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "files with translatable strings missing from po/POTFILES.in:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi

xgettext --package-name=linli --from-code=UTF-8 --no-location --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  -f "$tmp/listed" -o "$tmp/linli.pot"
msgmerge --quiet --no-location --no-fuzzy-matching po/zh_CN.po "$tmp/linli.pot" -o "$tmp/zh_CN.po"
if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1); then
  echo "zh_CN does not compile:"
  echo "$stats"
  exit 1
fi
echo "zh_CN: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "untranslated or fuzzy strings in zh_CN:"
    msgattrib --untranslated --only-fuzzy "$tmp/zh_CN.po" 2>/dev/null | grep '^msgid' | head -50 || true
    msgattrib --untranslated "$tmp/zh_CN.po" | grep -A1 '^msgctxt\|^msgid' | head -80
    status=1
    ;;
esac
exit $status
