#!/usr/bin/env bash
# Builds OnceTeller's native packages with jpackage (part of the JDK).
#
#   installer/build.sh                 app image + .deb            (Linux)
#   installer/build.sh app-image       app image only              (what CI runs)
#   installer/build.sh deb             app image + .deb
#   installer/build.sh check           app image, then <image>/bin/OnceTeller --self-check
#
# The app image carries an application class-data archive (AppCDS, lib/app/onceteller.jsa) made by a training
# run of the image itself (see "class-data archive" below and docs/installer.md); NO_CDS=1 leaves it out. The
# training run needs a display: without DISPLAY it starts Xvfb (if installed), else it skips the archive.
#
# Output (under target/installer/):
#   image/OnceTeller/                  self-contained app image: bin/OnceTeller, lib/runtime (jlink), lib/app (jars)
#   onceteller_<version>-1_amd64.deb   Debian/Ubuntu package, installs to /opt/onceteller with a menu entry
#
# Windows (.msi) and macOS (.dmg) cannot be built here: jpackage only builds packages for the OS it runs on
# (and .msi needs the WiX toolset). The commands for them are at the end of this file and in docs/installer.md.
#
# Environment: JAVA_HOME (a JDK 17+ with jpackage; default: the system JDK 17), SKIP_MAVEN=1 to reuse target/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
WHAT=${1:-all}
case "$WHAT" in all|app-image|deb|check) ;; *) echo "usage: installer/build.sh [all|app-image|deb|check]" >&2; exit 2 ;; esac

log() { printf '\n== %s\n' "$*"; }
size() { du -sh --apparent-size "$1" | cut -f1; }

# ---------------------------------------------------------------- tools
# Debian's JDK 17: jpackage and jlink are in openjdk-17-jdk (not in the -headless JRE). .deb building needs
# fakeroot and dpkg-deb. On a fresh CI machine, install what is missing (we run as root there).
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing: $*. Install it (apt-get install $*) and run again." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

find_jdk() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/jpackage" ] && [ -x "$candidate/bin/jlink" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

JDK=$(find_jdk || true)
if [ -z "$JDK" ]; then
  log "installing openjdk-17-jdk (jpackage, jlink)"
  apt_install openjdk-17-jdk
  JDK=$(find_jdk)
fi
JAVA_MAJOR=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
echo "JDK: $JDK (Java $JAVA_MAJOR)"
command -v mvn >/dev/null || apt_install maven
if [ "$WHAT" = all ] || [ "$WHAT" = deb ]; then
  command -v fakeroot >/dev/null && command -v dpkg-deb >/dev/null || apt_install fakeroot dpkg-dev
fi

OUT=$ROOT/target/installer
INPUT=$OUT/input
RUNTIME=$OUT/runtime
IMAGE_DIR=$OUT/image
APP_NAME=OnceTeller
PACKAGE_NAME=onceteller
VENDOR="OnceTeller project"
MAIN_CLASS=com.onceteller.app.Launcher
ICON=$ROOT/resources/icons/onceteller.png
CDS_NAME=onceteller.jsa

# The runtime's modules: what the app, Hibernate, H2, Flyway, HikariCP, Logback and JavaFX-on-classpath use.
# Found with jdeps (see docs/installer.md) plus what JavaFX's own module descriptors require
# (java.scripting for FXML, jdk.unsupported.desktop for javafx.swing) and jdk.localedata for tellers' locales.
# java.logging, java.xml and java.transaction.xa come in through java.sql.
# Branch server and desk-as-client (docs/branch-server.md): java.net.http for the desk's HTTP client,
# jdk.crypto.ec for TLS with the branch's EC certificate.
MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.rmi,java.scripting,java.sql,java.xml,jdk.jfr,jdk.unsupported,jdk.unsupported.desktop,jdk.localedata,java.net.http,jdk.crypto.ec
LOCALES=en,de,fr,it,es,nl,pl,pt,tr

# ---------------------------------------------------------------- jars
if [ "${SKIP_MAVEN:-0}" != 1 ]; then
  log "building the jar (mvn package, tests skipped: run them with mvn verify)"
  mvn -B -ntp -q package -DskipTests
fi
JAR=$(ls "$ROOT"/target/onceteller-*.jar | grep -v -e '-sources' -e '-javadoc' | head -1)
VERSION=$(sed -n 's/^version=//p' "$ROOT/target/maven-archiver/pom.properties")
# jpackage wants a purely numeric version (1-3 dot-separated numbers): drop a -SNAPSHOT or similar suffix.
APP_VERSION=${VERSION%%-*}
DESCRIPTION=$(sed -n 's:.*<description>\(.*\)</description>.*:\1:p' "$ROOT/pom.xml" | head -1)
echo "version $VERSION (package version $APP_VERSION), jar $JAR"

log "collecting runtime dependencies"
rm -rf "$INPUT" && mkdir -p "$INPUT"
mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$INPUT"
# Keep only the platform jars of JavaFX (…-linux.jar); the plain ones are empty placeholders.
find "$INPUT" -name 'javafx-*.jar' ! -name '*-linux.jar' -delete
cp "$JAR" "$INPUT/"

# ---------------------------------------------------------------- runtime
log "jlink: slim runtime"
rm -rf "$RUNTIME"
"$JDK/bin/jlink" \
  --add-modules "$MODULES" \
  --include-locales "$LOCALES" \
  --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive \
  --output "$RUNTIME"
# --generate-cds-archive (the runtime's default class-data archive, lib/server/classes.jsa, the base of the
# application archive below) runs the runtime's own bin/java, so the native commands are removed only now.
rm -rf "$RUNTIME/bin"
# The archive for heaps over 32 GB (no compressed oops) is never used by a desk: 11 MB saved.
rm -f "$RUNTIME/lib/server/classes_nocoops.jsa"

# ---------------------------------------------------------------- app image
log "jpackage: app image"
rm -rf "$IMAGE_DIR" && mkdir -p "$IMAGE_DIR"
"$JDK/bin/jpackage" \
  --type app-image \
  --dest "$IMAGE_DIR" \
  --name "$APP_NAME" \
  --app-version "$APP_VERSION" \
  --vendor "$VENDOR" \
  --description "$DESCRIPTION" \
  --copyright "OnceTeller project" \
  --icon "$ICON" \
  --input "$INPUT" \
  --main-jar "$(basename "$JAR")" \
  --main-class "$MAIN_CLASS" \
  --runtime-image "$RUNTIME" \
  --java-options '-Dfile.encoding=UTF-8' \
  --java-options '-Xshare:auto' \
  --java-options "-XX:SharedArchiveFile=\$APPDIR/$CDS_NAME" \
  --java-options '-Xlog:cds=off' \
  --java-options '-Xlog:cds+dynamic=off'
IMAGE=$IMAGE_DIR/$APP_NAME

# ---------------------------------------------------------------- class-data archive (AppCDS)
# A training run of the image records the classes a start loads (JavaFX, FXML, the sign-on screen, H2, Flyway,
# Hibernate, the transfer form after signing on as the demo teller) into a dynamic archive on top of the
# runtime's default one (jlink --generate-cds-archive). Later starts map them instead of loading, verifying and
# linking them from the jars. The launcher's -Xshare:auto makes a missing or stale archive harmless: the JVM
# then starts without it (and -Xlog:cds=off keeps its warning off the teller's console). The archive is only
# valid for the exact jars and paths it was made with, so it is made last, on the finished image.
if [ "${NO_CDS:-0}" != 1 ]; then
  log "class-data archive: training run of the image"
  CFG=$IMAGE/lib/app/$APP_NAME.cfg
  TRAIN_DATA=$(mktemp -d)
  XVFB_PID=
  if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    # A free display number chosen by Xvfb itself (-displayfd), so a display already in use is never taken.
    DISPLAY_FILE=$(mktemp)
    Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$DISPLAY_FILE" >/dev/null 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 50); do [ -s "$DISPLAY_FILE" ] && break; sleep 0.1; done
    TRAIN_DISPLAY=:$(head -n1 "$DISPLAY_FILE")
    rm -f "$DISPLAY_FILE"
  else
    TRAIN_DISPLAY=${DISPLAY:-}
  fi
  if [ -n "$TRAIN_DISPLAY" ]; then
    # The dump must not name the (not yet existing) archive as its base: train without that option.
    cp "$CFG" "$CFG.orig"
    grep -v -e 'SharedArchiveFile' "$CFG.orig" > "$CFG"
    # Two runs: the first creates the demo ledger (first-run classes), the second opens an existing one and
    # dumps what both kinds of start load.
    DISPLAY=$TRAIN_DISPLAY ONCETELLER_DATA_DIR=$TRAIN_DATA ONCETELLER_STARTUP_PROBE=exit \
      timeout 300 "$IMAGE/bin/$APP_NAME" >/dev/null 2>&1 || true
    if DISPLAY=$TRAIN_DISPLAY ONCETELLER_DATA_DIR=$TRAIN_DATA ONCETELLER_STARTUP_PROBE=train \
      JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$IMAGE/lib/app/$CDS_NAME" \
      timeout 300 "$IMAGE/bin/$APP_NAME" > "$OUT/cds-training.log" 2>&1 \
      && grep -q 'ONCETELLER_STARTUP form' "$OUT/cds-training.log" && [ -s "$IMAGE/lib/app/$CDS_NAME" ]; then
      echo "archive: $IMAGE/lib/app/$CDS_NAME ($(size "$IMAGE/lib/app/$CDS_NAME"))"
    else
      echo "WARNING: the training run failed (see $OUT/cds-training.log); the image has no class-data archive" >&2
      rm -f "$IMAGE/lib/app/$CDS_NAME"
    fi
    mv "$CFG.orig" "$CFG"
  else
    echo "WARNING: no display for the training run (set DISPLAY or install Xvfb); no class-data archive" >&2
  fi
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$TRAIN_DATA"
fi

echo "app image: $IMAGE ($(size "$IMAGE"); runtime $(size "$IMAGE/lib/runtime"), jars $(size "$IMAGE/lib/app"))"

# ---------------------------------------------------------------- .deb
if [ "$WHAT" = all ] || [ "$WHAT" = deb ]; then
  log "jpackage: .deb"
  rm -f "$OUT"/*.deb
  # The application archive only works at the path it was made at (Java 17): installed to /opt/onceteller it
  # would be ignored, so the .deb does without it (86 MB less; the runtime's default archive still applies,
  # and the launcher's -Xshare:auto starts without the missing file). docs/installer.md, "class-data archive".
  DEB_IMAGE=$IMAGE
  if [ -f "$IMAGE/lib/app/$CDS_NAME" ]; then
    DEB_IMAGE=$OUT/deb-image/$APP_NAME
    rm -rf "$OUT/deb-image" && mkdir -p "$OUT/deb-image"
    cp -a "$IMAGE" "$DEB_IMAGE"
    rm -f "$DEB_IMAGE/lib/app/$CDS_NAME"
  fi
  # JavaFX loads GTK 3 at run time (libgtk-3-0; libgtk-3-0t64 on Debian 13 / Ubuntu 24.04); jpackage cannot see
  # that dependency, so it is declared here. libasound2 is not needed (no javafx-media).
  "$JDK/bin/jpackage" \
    --type deb \
    --dest "$OUT" \
    --app-image "$DEB_IMAGE" \
    --name "$APP_NAME" \
    --app-version "$APP_VERSION" \
    --vendor "$VENDOR" \
    --description "$DESCRIPTION" \
    --copyright "OnceTeller project" \
    --icon "$ICON" \
    --linux-package-name "$PACKAGE_NAME" \
    --linux-deb-maintainer "maintainers@onceteller.invalid" \
    --linux-app-category misc \
    --linux-menu-group "Office;Finance;" \
    --linux-shortcut \
    --linux-package-deps "libgtk-3-0 | libgtk-3-0t64" \
    --resource-dir "$ROOT/installer/linux"
  DEB=$(ls "$OUT"/*.deb)
  echo "deb: $DEB ($(size "$DEB"))"
fi

if [ "$WHAT" = check ]; then
  log "self-check of the app image"
  "$IMAGE/bin/$APP_NAME" --self-check
fi

# ---------------------------------------------------------------- other platforms (documentation only)
# jpackage cannot cross-build: run these on the target OS, after the same jar + dependency steps
# (there Maven resolves javafx-*-win.jar / javafx-*-mac.jar / -mac-aarch64.jar instead of -linux.jar).
#
# Windows (.msi; needs the WiX toolset 3.x on PATH, candle.exe/light.exe; WiX 4+ needs JDK 24+):
#   jlink --add-modules %MODULES% --include-locales %LOCALES% --strip-debug --no-man-pages ^
#         --no-header-files --compress=2 --output target\installer\runtime
#   jpackage --type msi --dest target\installer --name OnceTeller --app-version %APP_VERSION% ^
#         --vendor "OnceTeller project" --description "..." --icon resources\icons\onceteller.ico ^
#         --input target\installer\input --main-jar onceteller-%VERSION%.jar ^
#         --main-class com.onceteller.app.Launcher --runtime-image target\installer\runtime ^
#         --win-menu --win-menu-group OnceTeller --win-shortcut --win-dir-chooser ^
#         --win-upgrade-uuid 6b1f3f0e-3c1a-4c8e-9a57-0f5e2d7c4a10
#   (.ico: convert resources/icons/onceteller.png to a multi-size .ico first.)
#
# macOS (.dmg; unsigned unless --mac-sign with a Developer ID; notarisation is a separate step):
#   jpackage --type dmg --dest target/installer --name OnceTeller --app-version "$APP_VERSION" \
#         --vendor "OnceTeller project" --description "..." --icon resources/icons/onceteller.icns \
#         --input target/installer/input --main-jar "onceteller-$VERSION.jar" \
#         --main-class com.onceteller.app.Launcher --runtime-image target/installer/runtime \
#         --mac-package-identifier com.onceteller.app --mac-package-name OnceTeller
#   (.icns: iconutil -c icns from an .iconset made of the PNG.)
