#!/usr/bin/env bash
# ephemeral-ns benchmarks (issue 7): builds what it needs, starts a real local control plane (etcd,
# kube-apiserver, kube-controller-manager on 127.0.0.1), runs the programs as processes, measures, prints
# markdown tables and tears everything down (also on Ctrl-C). Not part of ./test.sh.
#
#   bench/run.sh [run]                every phase with the defaults below (about 20–25 minutes on 2 cores)
#   BENCH_PHASES="startup webhook" bench/run.sh
#   bench/run.sh help                 this text
#
# Phases (BENCH_PHASES, in this order; each in bench/phases/<phase>.sh): startup webhook janitor overhead
#   startup  time from `java -jar` to /q/health/ready 200, and RSS 10 s after ready, for both programs
#   webhook  vegeta (open model, constant rate, TLS, keep-alive) against /validate and /mutate with
#            bench/requests/*.json, at each rate of BENCH_RATES, BENCH_REPEATS times, after a warm-up; then a
#            closed-model saturation run (-rate=0, BENCH_SAT_WORKERS workers). vegeta may open at most
#            BENCH_MAX_CONNECTIONS connections (HTTP/2, like the API server's webhook client): without a cap it
#            opens one more TLS connection per stalled request, thousands after a hiccup, and the webhook spends
#            its 2 cores on RSA handshakes (a death spiral seen in the first runs; see docs/benchmarks.md)
#   janitor  BENCH_SCALES CI namespaces (created-by=ci-cd, ttl=24h) created through the API; a no-op sweep
#            (run-once, dry-run) BENCH_REPEATS times, side by side with the seed's shell janitor
#            (bench/shell-janitor.sh, DRY_RUN=1), both under /usr/bin/time -v; then BENCH_DELETE_COUNT expired
#            namespaces deleted by one janitor sweep at the default rate (5/s)
#   overhead namespace create and delete through the API server, one request at a time, without and with the
#            webhook configurations registered (BENCH_OVERHEAD_COUNT each, BENCH_OVERHEAD_ROUNDS alternations)
# Knobs: BENCH_MAX_CONNECTIONS (8), BENCH_OVERHEAD_COUNT (1000), BENCH_OVERHEAD_ROUNDS (2), BENCH_RATES (200 500 1000 2000 4000), BENCH_DURATION (10s), BENCH_WARMUP (15s), BENCH_REPEATS (3),
#   BENCH_SAT_WORKERS (32), BENCH_SCALES (1000 10000), BENCH_DELETE_COUNT (1000), BENCH_SKIP_BUILD=1 (use the
#   jars already built), BENCH_JAVA_OPTS (-Xmx256m, as demo.sh and the e2e suite), BENCH_OUT (result directory).
# Output: tables on stdout and in $BENCH_OUT/report.md; raw JSON lines in $BENCH_OUT/results.jsonl (written by jq
#   and python's json module). The product is installed by e2e/scripts/install.sh (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BENCH="$REPO/bench"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_command "$0" "$@"

PHASES=${BENCH_PHASES:-startup webhook janitor overhead}
MAX_CONNECTIONS=${BENCH_MAX_CONNECTIONS:-8}
OVERHEAD_COUNT=${BENCH_OVERHEAD_COUNT:-1000}
OVERHEAD_ROUNDS=${BENCH_OVERHEAD_ROUNDS:-2}
RATES=${BENCH_RATES:-200 500 1000 2000 4000}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-15s}
REPEATS=${BENCH_REPEATS:-3}
SAT_WORKERS=${BENCH_SAT_WORKERS:-32}
SCALES=${BENCH_SCALES:-1000 10000}
DELETE_COUNT=${BENCH_DELETE_COUNT:-1000}
OUT=${BENCH_OUT:-/tmp/ephemeral-ns-bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"

WORK=$(mktemp -d -t ephemeral-ns-bench-XXXX)
STATE="$WORK/install"
PIDS=()
# shellcheck source=bench/phases/startup.sh
. "$BENCH/phases/startup.sh"
# shellcheck source=bench/phases/webhook.sh
. "$BENCH/phases/webhook.sh"
# shellcheck source=bench/phases/janitor.sh
. "$BENCH/phases/janitor.sh"
# shellcheck source=bench/phases/overhead.sh
. "$BENCH/phases/overhead.sh"

cleanup() {
  stop_everything
  log "stopped everything; results in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

phase() { [[ " $PHASES " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------------------------
log "output: $OUT"
"$REPO/e2e/scripts/install-prerequisites.sh"
"$REPO/e2e/scripts/build-binaries.sh" >&2
build_vegeta
build_jars
use_runtime jdk17
RUNTIMES=jdk17
if { phase startup || phase janitor; } && build_aot_jars; then RUNTIMES="jdk17 jdk25-aot"; fi
record "$(python3 - "$(java -version 2>&1 | head -1)" "$(load)" <<'EOF'
import json, os, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print(json.dumps({"kind": "machine", "nproc": os.cpu_count(), "cpu": cpu, "mem_mib": mem, "java": sys.argv[1],
                  "load_at_start": sys.argv[2]}))
EOF
)"

log "starting the control plane and installing the product"
install_product
# shellcheck disable=SC2016 # $kubernetes and $vegeta are jq's
record "$(json --arg kubernetes "$(kubectl version -o json | jq -r .serverVersion.gitVersion)" --arg vegeta "$VEGETA_VERSION" \
  '{kind: "versions", kubernetes: $kubernetes, vegeta: $vegeta}')"

for phase in startup webhook janitor overhead; do
  if phase "$phase"; then "${phase}_phase"; fi
done

python3 "$BENCH/report.py" "$RESULTS" | tee "$OUT/report.md"
