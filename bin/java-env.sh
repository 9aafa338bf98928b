# Sourced by bin/berth and bin/berthd: find a Java 25 runtime.
if [ -z "$BERTH_JAVA" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "${JAVA_HOME:+$JAVA_HOME/bin/java}"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then BERTH_JAVA=$candidate; break; fi
  done
fi
if [ -z "$BERTH_JAVA" ]; then BERTH_JAVA=java; fi
if [ ! -d "$home/berth-dist/target/lib" ]; then
  echo "berth is not built: run 'mvn -q package -DskipTests' in $home" >&2
  exit 125
fi
