# Sourced by the other scripts: picks a JDK 21+ (GraalPy 25 needs it) and sets Maven flags.
if [ -z "${DEEPANALYZE_JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 \
                   /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then DEEPANALYZE_JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${DEEPANALYZE_JAVA_HOME:-}" ]; then
  echo "No JDK 21+ found under /usr/lib/jvm. Install one (e.g. Temurin 25) or set DEEPANALYZE_JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$DEEPANALYZE_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven on JDK 25 warns about sun.misc.Unsafe in its own libraries; harmless, silenced.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
