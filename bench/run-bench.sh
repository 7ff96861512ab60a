#!/usr/bin/env bash
# Runs the geyser-pool benchmarks the way bench/README.md reports them. Build first:
#   (cd bench && ../mvnw -B -q install)        # or ./mvnw -B -q install from the root
#
#   bench/run-bench.sh jmh [JMH options]        all JMH benchmarks (defaults: -f 1 -wi 3 -w 3s -i 5 -r 3s -prof gc)
#   bench/run-bench.sh load [LoadRun options]   one end-to-end load run (--rate --warmup --duration --monitors)
#   bench/run-bench.sh all                      JMH, then the load run at 500, 1000 and 2000 tx/s (~11 min)
#
# JAVA_OPTS is passed to the load run's JVM.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
benchmarks="$here/target/benchmarks.jar"
jar="$here/target/geyser-pool-bench.jar"
lib="$here/target/lib"
java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi

if [[ ! -f "$benchmarks" || ! -f "$jar" || ! -d "$lib" ]]; then
  echo "run-bench: bench/target is not built; run: (cd bench && ../mvnw -B -q install)" >&2
  exit 2
fi

jmh() {
  if [[ $# -eq 0 ]]; then
    set -- -f 1 -wi 3 -w 3s -i 5 -r 3s -prof gc
  fi
  "$java_bin" -jar "$benchmarks" "$@"
}

load() {
  # shellcheck disable=SC2086
  "$java_bin" ${JAVA_OPTS:-} -cp "$jar:$lib/*" dev.geyserpool.bench.LoadRun "$@"
}

case "${1:-}" in
  jmh) shift; jmh "$@" ;;
  load) shift; load "$@" ;;
  all)
    echo "# $(nproc) cores, $(java -version 2>&1 | head -1), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    jmh
    for rate in 500 1000 2000; do
      load --rate "$rate" --warmup 20s --duration 30s || true
    done
    ;;
  *) sed -n '2,9p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
