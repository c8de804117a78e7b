#!/usr/bin/env bash
# Opens JShell with the SDK on the class path and runs examples/jshell/explore.jsh (or the .jsh files
# given as arguments). Builds the examples first when they are missing or a module's sources changed.
#   bash scripts/jshell.sh                 # interactive, after the exploration script
#   echo /exit | bash scripts/jshell.sh    # non-interactive run of the script
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-python.sh
lib=examples/target/lib
if [ ! -d "$lib" ] || [ ! -d examples/target/classes ] \
   || [ -n "$(find . -path ./examples/target -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$lib" -print -quit)" ]; then
  echo "Building the examples (mvn package -pl examples -am)..." >&2
  mvn -B -ntp -q -DskipTests -pl examples -am package
  touch "$lib"
fi
# JShell does not expand class-path wildcards: list the jars.
cp="examples/target/classes$(printf ':%s' "$lib"/*.jar)"
exec "$JAVA_HOME/bin/jshell" --class-path "$cp" \
  -R--enable-native-access=ALL-UNNAMED -R-Dpolyglot.engine.WarnInterpreterOnly=false \
  "${@:-examples/jshell/explore.jsh}"
