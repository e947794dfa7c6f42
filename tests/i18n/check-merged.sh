#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The desktop file and the metainfo as built carry the German translations
# from po/de.po (i18n.merge_file), not just the English text.
# Usage: check-merged.sh DESKTOP METAINFO
set -eu
desktop=$1
metainfo=$2
status=0
for key in 'GenericName[de]=' 'Comment[de]=' 'Keywords[de]='; do
  if ! grep -qF "$key" "$desktop"; then
    echo "FAIL: $desktop has no $key line"; status=1
  fi
done
for text in '<summary xml:lang="de">' '<p xml:lang="de">' '<li xml:lang="de">' '<caption xml:lang="de">'; do
  if ! grep -qF "$text" "$metainfo"; then
    echo "FAIL: $metainfo has no $text"; status=1
  fi
done
exit $status
