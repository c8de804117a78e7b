#!/usr/bin/env bash
# Opens JShell with the SDK on the class path and runs examples/jshell/explore.jsh (or the .jsh files
# given as arguments). Builds the examples first when they are missing or a module's sources changed.
#   bash scripts/jshell.sh                 # interactive, after the exploration script
#   echo /exit | bash scripts/jshell.sh    # non-interactive run of the script
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-python.sh
bash scripts/build-examples.sh
lib=examples/target/lib
# JShell does not expand class-path wildcards: list the jars.
cp="examples/target/classes$(printf ':%s' "$lib"/*.jar)"
exec "$JAVA_HOME/bin/jshell" --class-path "$cp" \
  -R--enable-native-access=ALL-UNNAMED -R-Dpolyglot.engine.WarnInterpreterOnly=false \
  "${@:-examples/jshell/explore.jsh}"
