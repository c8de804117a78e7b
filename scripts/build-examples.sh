#!/usr/bin/env bash
# Builds the examples and their class path (examples/target/classes + examples/target/lib) when they
# are missing or any module's sources or POM changed since the last build. Used by run-example.sh
# and jshell.sh; run it from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
lib=examples/target/lib
if [ ! -d "$lib" ] || [ ! -d examples/target/classes ] \
   || [ -n "$(find . -path ./examples/target -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$lib" -print -quit)" ]; then
  echo "Building the examples (mvn package -pl examples -am)..." >&2
  mvn -B -ntp -q -DskipTests -pl examples -am package
  touch "$lib"
fi
