#!/usr/bin/env bash
# Cold start of the app image (issue 13): first frame, interactive (sign-on field focused and accepting
# input) and ledger open, median of N runs; first run (new demo ledger) and later runs, with and without the
# image's class-data archive. Prints a table, writes target/bench/coldstart.json.
#
#   installer/build.sh app-image && installer/coldstart.sh [--runs=N] [--image=DIR] [--out=FILE]
#
# Needs a display: without DISPLAY it starts Xvfb on :79 (1366x768) for the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
[ -x "$JAVA" ] || JAVA=java
XVFB_PID=
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :79 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  trap 'kill "$XVFB_PID" 2>/dev/null || true' EXIT
  export DISPLAY=:79
  sleep 1
fi
"$JAVA" src/test/java/com/onceteller/bench/AppImageColdStart.java "$@"
