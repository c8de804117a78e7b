#!/usr/bin/env bash
# Runs one benchmark by name; with no name, lists them. Benchmarks are test-scope code (speed
# targets live here, not in unit tests), so this compiles the module's test classes through the
# reactor, writes its test class path, and runs the benchmark's main (or JMH) from the project root:
#   bash scripts/bench.sh                                    # list the benchmarks
#   bash scripts/bench.sh LoopOverheadBenchmark 50           # arguments go to the benchmark
#   bash scripts/bench.sh TagStreamParserBenchmark -wi 1 -i 2 -f 1   # JMH options for JMH benchmarks
# Environment: JAVA_OPTS adds JVM options (e.g. JAVA_OPTS=-Xmx256m); MAVEN_FLAGS adds Maven flags
# (e.g. MAVEN_FLAGS=-o to build offline). Never installs anything into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."

# name | module | main class ("jmh" runs org.openjdk.jmh.Main with the class name) | what it measures
BENCHMARKS="
TagStreamParserBenchmark|deepanalyze-core|jmh:io.github.deepanalyze.core.internal.protocol.benchmarks.TagStreamParserBenchmark|parser throughput on the recorded run in 4/16/whole-text chunks (JMH; JMH options)
LoopOverheadBenchmark|deepanalyze-core|io.github.deepanalyze.core.benchmarks.LoopOverheadBenchmark|engine cost per model round, scripted model and executor ([runs], default 300)
ProfileBenchmark|deepanalyze-data|io.github.deepanalyze.data.ProfileBenchmark|input profiling: fixture, a big CSV, 10,000 small files ([fixture | MB of CSV], default 500)
GraalPyBenchmark|deepanalyze-graalpy|io.github.deepanalyze.graalpy.GraalPyBenchmark|GraalPy cold start, session acquisition, per-block overhead vs python3 ([python3 path])
ExecutorOverheadBenchmark|deepanalyze-worker|io.github.deepanalyze.worker.ExecutorOverheadBenchmark|warm CPython worker vs a python3 process per block, first session ([blocks], default 100)
LoadAndLeakBenchmark|deepanalyze-worker|io.github.deepanalyze.worker.LoadAndLeakBenchmark|32 concurrent analyses, then N in sequence watching heap, threads, fds, processes ([N], default 1000)
BackToBackSessions|deepanalyze-graalpy|io.github.deepanalyze.graalpy.BackToBackSessions|openSession wait of back-to-back GraalPy analyses, contexts built on the caller's thread ([analyses] [blocks] [model ms])
CloseLatencyBenchmark|deepanalyze-worker|io.github.deepanalyze.worker.CloseLatencyBenchmark|close() of the worker executors: idle warm workers, an open session with a child process, a worker still starting ([graalpy])
ConfinementCostBenchmark|deepanalyze-worker|io.github.deepanalyze.worker.ConfinementCostBenchmark|time to the first block and per-block overhead, confined worker per session vs unconfined warm pool ([sessions])
JupyterBenchmark|deepanalyze-jupyter|io.github.deepanalyze.jupyter.JupyterBenchmark|trivial block on a warm local Jupyter kernel (SCRIPT, NOTEBOOK) vs the warm CPython worker, session open ([blocks], default 200)
TinyGptThroughput|deepanalyze-djl|io.github.deepanalyze.djl.benchmarks.TinyGptThroughput|OnnxLanguageModel load time and decode speed on the tiny test model ([model dir] [threads])
"

list() {
  echo "usage: bash scripts/bench.sh NAME [arguments]"
  echo
  echo "$BENCHMARKS" | while IFS='|' read -r name module main what; do
    if [ -n "$name" ]; then printf '  %-26s %-20s %s\n' "$name" "$module" "$what"; fi
  done
  return 0
}

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  list
  exit 0
fi
name="$1"; shift
row="$(echo "$BENCHMARKS" | grep "^$name|" || true)"
if [ -z "$row" ]; then
  echo "Unknown benchmark '$name'. Known benchmarks:" >&2
  list >&2
  exit 2
fi
IFS='|' read -r _ module main _ <<<"$row"

source scripts/env.sh
cpfile="$module/target/bench-classpath.txt"
echo "Compiling $module and its test classes (mvn -pl $module -am test-compile)..." >&2
# shellcheck disable=SC2086
mvn -B -ntp -q ${MAVEN_FLAGS:-} -pl "$module" -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=test -DexcludeTypes=pom
cp="$module/target/test-classes:$module/target/classes:$(cat "$cpfile")"

# the flags the tests run with (parent pom, surefire argLine), plus DJL never downloading
# shellcheck disable=SC2086
jvm=(-Xss4m --enable-native-access=ALL-UNNAMED -Dpolyglot.engine.WarnInterpreterOnly=false -Dai.djl.offline=true ${JAVA_OPTS:-})
if [[ "$main" == jmh:* ]]; then
  exec "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" org.openjdk.jmh.Main "${main#jmh:}" "$@"
fi
exec "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" "$main" "$@"
