#!/usr/bin/env bash
# CI step: builds the app image (jlink runtime + jpackage) and runs its --self-check, no window.
# Meant to run after `mvn -B -ntp verify` in .ci/run: it reuses the jar that verify left in target/
# (set SKIP_MAVEN=0 to rebuild it). About 70 s on the 2-core machine when the jar is there.
#   bash installer/ci-self-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Keep the self-check's log out of the CI user's home.
ONCETELLER_DATA_DIR=$(mktemp -d)
export ONCETELLER_DATA_DIR
trap 'rm -rf "$ONCETELLER_DATA_DIR"' EXIT
if [ -z "${SKIP_MAVEN:-}" ] && [ -f target/maven-archiver/pom.properties ] && ls target/onceteller-*.jar >/dev/null 2>&1; then
  export SKIP_MAVEN=1
fi
# No class-data archive in CI: its training run would add two starts of the app, and CI then checks that an image
# without the archive (the launcher still names it, -Xshare:auto) starts and self-checks. installer/build.sh
# without NO_CDS makes the archive for a release.
export NO_CDS=${NO_CDS:-1}
start=$(date +%s)
bash installer/build.sh check
echo "app image built and self-checked in $(( $(date +%s) - start )) s"
