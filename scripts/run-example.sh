#!/usr/bin/env bash
# Runs one example by its class name, building first if needed:
#   bash scripts/run-example.sh StreamingListener [--model-url http://host:8000/v1]
#   bash scripts/run-example.sh ConcurrentAnalyses
#   bash scripts/run-example.sh QuickStart --out deepanalyze-output
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: scripts/run-example.sh QuickStart|StreamingListener|ConcurrentAnalyses [options]" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-python.sh
bash scripts/build-examples.sh
name="$1"; shift
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false \
  -cp "examples/target/classes:examples/target/lib/*" "io.github.deepanalyze.examples.$name" "$@"
