#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# How long a user waits in the desktop app on a small and a large site:
# from "Sign in" to the lot list's first frame, and from a keystroke in the
# search to the list updated (the app's measurement mode, STROMA_MEASURE=1,
# prints both from the frame clock).  The app runs under xvfb-run and is
# typed into with xdotool, as a user would.
#
#   tests/bench/bench-gui.sh BUILD_DIR [LOTS...]      (default: 40 100000)
#
# Each figure is the median of BENCH_GUI_RUNS runs (default 5): the sign-in
# includes the password key derivation, which a busy machine slows down.
#
# The demo databases (stromactl demo --lots N) are made once and kept in
# BUILD_DIR as bench-gui-N.db; the 100,000-lot one takes minutes.
set -eu

build=$(cd "${1:?usage: bench-gui.sh BUILD_DIR [LOTS...]}" && pwd)
shift
sizes=${*:-40 100000}
stroma=$build/src/gui/stroma
stromactl=$build/src/cli/stromactl

for tool in xvfb-run xdotool; do
  command -v "$tool" >/dev/null || { echo "bench-gui: $tool is needed" >&2; exit 77; }
done

# One run inside the virtual display: prints "SIGN_IN_MS SEARCH_MS".
run_in_display() {
  db=$1
  log=$(mktemp)
  # Xvfb has no GPU: GTK's GL renderer would draw on llvmpipe, whose render
  # threads take both processors of a small machine at every frame and time
  # the software rasteriser rather than the app (as in tests/gui/meson.build).
  # GSK_RENDERER=gl in the environment measures that instead.
  STROMA_MEASURE=1 GTK_A11Y=none GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/schemas" \
    GSK_RENDERER="${GSK_RENDERER:-cairo}" "$stroma" --db "$db" >"$log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null; rm -f "$log"' EXIT
  # The window, then the user name field has the focus.
  i=0
  until xdotool search --name '^Stroma$' >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 300 ] || { echo "bench-gui: no window" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  xdotool type --delay 30 operator
  xdotool key Tab
  xdotool type --delay 30 demo-password
  xdotool key Return
  wait_for() {
    i=0
    until grep -q "$1" "$log"; do
      i=$((i + 1)); [ $i -lt 1200 ] || { echo "bench-gui: no '$1' in:" >&2; cat "$log" >&2; exit 1; }
      sleep 0.1
    done
  }
  wait_for 'stroma-measure: sign-in'
  sleep 1
  # A scanner's speed; the figure is from the last key to the list showing
  # the answer to the whole search (each key asks at once, the query runs
  # in a worker thread, and a query typed over is not run).
  xdotool type --delay 40 "${BENCH_GUI_SEARCH:-MSC-20}"
  wait_for 'stroma-measure: search'
  sign_in=$(sed -n 's/^stroma-measure: sign-in[^:]*: \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
  search=$(sed -n 's/^stroma-measure: search[^:]*: \([0-9.]*\) ms.*/\1/p' "$log" | tail -1)
  echo "$sign_in $search"
}

if [ "${BENCH_GUI_INNER:-}" = 1 ]; then
  run_in_display "$1"
  exit 0
fi

printf '%-10s %28s %34s\n' lots 'sign-in to list drawn (ms)' 'search key to list updated (ms)'
for n in $sizes; do
  db=$build/bench-gui-$n.db
  if [ ! -f "$db" ]; then
    echo "bench-gui: making the $n-lot demo site (once; kept as $db)..." >&2
    rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
    "$stromactl" --db "$db.tmp" demo --lots "$n" >/dev/null
    mv "$db.tmp" "$db"
  fi
  runs=""
  i=0
  while [ $i -lt "${BENCH_GUI_RUNS:-5}" ]; do
    runs="$runs$(BENCH_GUI_INNER=1 xvfb-run -a -s "-screen 0 1400x900x24" sh "$0" "$build" "$db")
"
    i=$((i + 1))
  done
  sign_in=$(printf '%s' "$runs" | awk 'NF { print $1 }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  search=$(printf '%s' "$runs" | awk 'NF { print $2 }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  printf '%-10s %28s %34s\n' "$n" "$sign_in" "$search"
done
