#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# meson install --destdir puts everything in place, and the installed
# stromactl runs from there, in German with the installed catalogue.
# Usage: check-install.sh MESON BUILD_DIR BINDIR DATADIR LOCALEDIR VERSION
set -eu
meson=$1
build=$2
bindir=$3
datadir=$4
localedir=$5
version=$6

root=$(mktemp -d "${TMPDIR:-/tmp}/stroma-install-XXXXXX")
trap 'rm -rf "$root"' EXIT
"$meson" install -C "$build" --no-rebuild --quiet --destdir "$root"

status=0
for file in \
    "$bindir/stroma" \
    "$bindir/stromactl" \
    "$datadir/applications/org.stroma.Stroma.desktop" \
    "$datadir/metainfo/org.stroma.Stroma.metainfo.xml" \
    "$datadir/icons/hicolor/scalable/apps/org.stroma.Stroma.svg" \
    "$datadir/icons/hicolor/symbolic/apps/org.stroma.Stroma-symbolic.svg" \
    "$datadir/glib-2.0/schemas/org.stroma.Stroma.gschema.xml" \
    "$localedir/de/LC_MESSAGES/stroma.mo"; do
  if [ ! -f "$root$file" ]; then
    echo "FAIL: $file was not installed"; status=1
  fi
done
for program in stroma stromactl; do
  if [ ! -x "$root$bindir/$program" ]; then
    echo "FAIL: $bindir/$program is not executable"; status=1
  fi
done
# With DESTDIR set the schema is not compiled into the staging tree (the
# package's own trigger does it on the target system).
if [ -e "$root$datadir/glib-2.0/schemas/gschemas.compiled" ]; then
  echo "FAIL: gschemas.compiled was written under DESTDIR"; status=1
fi
[ $status -eq 0 ] || exit $status

answer=$("$root$bindir/stromactl" --version)
if [ "$answer" != "stromactl $version" ]; then
  echo "FAIL: the installed stromactl --version says '$answer'"; exit 1
fi

# The installed catalogue, found through STROMA_LOCALEDIR as the real
# LOCALEDIR is not under DESTDIR.
german=$(cd "$root" && LANGUAGE=de LC_ALL=de_DE.UTF-8 STROMA_LOCALEDIR="$root$localedir" \
         "$root$bindir/stromactl" frobnicate 2>&1 || true)
case $german in
  *"frobnicate: unbekannter Befehl"*) ;;
  *) echo "FAIL: the installed stromactl did not answer in German: $german"; exit 1 ;;
esac
help=$(LANGUAGE=de LC_ALL=de_DE.UTF-8 STROMA_LOCALEDIR="$root$localedir" "$root$bindir/stromactl" --help)
case $help in
  *"Befehle:"*) ;;
  *) echo "FAIL: the installed stromactl --help is not German"; exit 1 ;;
esac
echo "installed into $root and ran $bindir/stromactl from there"
