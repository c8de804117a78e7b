#!/usr/bin/env bash
# Runs the main example. Without a model server it replays the recorded DeepAnalyze-8B run on the
# student-loan data through the real CPython executor; with --model-url URL (or DEEPANALYZE_MODEL_URL)
# it runs live against a served model.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup-python.sh
mvn -B -ntp -q -DskipTests package
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false \
  -cp "examples/target/classes:examples/target/lib/*" io.github.deepanalyze.examples.QuickStart "$@"
