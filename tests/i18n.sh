#!/usr/bin/env bash
# i18n.sh: the Polish catalogue compiles with msgfmt --check, has no
# untranslated or fuzzy message, and holds every msgid of the sources
# (so a new string without a translation fails here).
set -u
cd "$OKIENKO_SRCDIR" || exit 1
fail=0
stats=$(LC_ALL=C "$MSGFMT" --check --statistics -o /dev/null i18n/pl.po 2>&1) || { echo "msgfmt --check failed: $stats"; fail=1; }
case "$stats" in *untranslated*|*fuzzy*) echo "pl.po incomplete: $stats"; fail=1 ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
"$XGETTEXT" --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$tmp/all.pot" $POT_INPUTS || { echo "xgettext failed"; exit 1; }
"$MSGMERGE" --quiet --no-fuzzy-matching -o "$tmp/merged.po" i18n/pl.po "$tmp/all.pot" || exit 1
merged=$(LC_ALL=C "$MSGFMT" --statistics -o /dev/null "$tmp/merged.po" 2>&1)
case "$merged" in *untranslated*|*fuzzy*) echo "strings in the sources lack a Polish translation: $merged"; fail=1 ;; esac
echo "pl.po: $stats"
exit $fail
