#!/usr/bin/env bash
# ephemeral-ns benchmarks (issue 7): builds what it needs, starts a real local control plane (etcd,
# kube-apiserver, kube-controller-manager on 127.0.0.1), runs the programs as processes, measures, prints
# markdown tables and tears everything down (also on Ctrl-C). Not part of ./test.sh.
#
#   bench/run.sh [run]                every phase with the defaults below (about an hour on 2 cores at rest)
#   BENCH_PHASES="startup webhook" bench/run.sh
#   bench/run.sh help                 this text
#
# Phases (BENCH_PHASES, in this order; each in bench/phases/<phase>.sh): startup webhook janitor janitor-steady
#   janitor-latency janitor-throughput overhead
#   startup  time from `java -jar` to /q/health/ready 200, and RSS 10 s after ready, for both programs
#   webhook  vegeta (open model, constant rate, TLS, keep-alive) against /validate and /mutate with
#            bench/requests/*.json, at each rate of BENCH_RATES, BENCH_REPEATS times, after a warm-up; then a
#            closed-model saturation run (-rate=0, BENCH_SAT_WORKERS workers). vegeta may open at most
#            BENCH_MAX_CONNECTIONS connections (HTTP/2, like the API server's webhook client): without a cap it
#            opens one more TLS connection per stalled request, thousands after a hiccup, and the webhook spends
#            its 2 cores on RSA handshakes (a death spiral seen in the first runs; see docs/benchmarks.md)
#   The janitor phases measure two designs side by side on the same data in one run: the previous design's
#   janitor, built once from BENCH_BASELINE_REF (default 4c4f996, main before issue 13) by `git archive` into
#   ~/.cache/ephemeral-ns/bench-baseline/<commit>/, and this tree's (BENCH_DESIGNS="baseline new"). Their API
#   requests are counted from the API server's audit log (the control plane runs with CONTROL_PLANE_AUDIT=1;
#   bench/audit.py), per design by the ID of a token of its own.
#   janitor  BENCH_SCALES CI namespaces (created-by=ci-cd, ttl=24h) created through the API; a no-op sweep
#            (run-once, dry-run) BENCH_REPEATS times by each design, side by side with the seed's shell janitor
#            (bench/shell-janitor.sh, DRY_RUN=1), all under /usr/bin/time -v: wall, CPU, peak RSS, requests
#   janitor-steady  Deployment mode at rest: both designs at once on BENCH_STEADY_SCALE quiet CI namespaces with
#            their defaults (leader election on, a Lease each); requests over BENCH_STEADY_WINDOW s after
#            BENCH_STEADY_WARMUP s, scaled to an hour; RSS and CPU
#   janitor-latency  Deployment mode, defaults: both designs at once, each on BENCH_LATENCY_COUNT namespaces of its
#            own whose ttls spread over BENCH_LATENCY_TTLS; time from each expiry to its deletionTimestamp seen by
#            a watch: p50/p90/p99/max
#   janitor-throughput  for each rate of BENCH_THROUGHPUT_RATES and each design: BENCH_THROUGHPUT_COUNT expired
#            namespaces of its own deleted by one run-once sweep at that rate: achieved rate, requests per
#            namespace, CPU s
#   overhead namespace create and delete through the API server, one request at a time, without and with the
#            webhook configurations registered (BENCH_OVERHEAD_COUNT each, BENCH_OVERHEAD_ROUNDS alternations)
# Knobs: BENCH_MAX_CONNECTIONS (8), BENCH_OVERHEAD_COUNT (1000), BENCH_OVERHEAD_ROUNDS (2), BENCH_RATES (200 500 1000 2000 4000), BENCH_DURATION (10s), BENCH_WARMUP (15s), BENCH_REPEATS (3),
#   BENCH_SAT_WORKERS (32), BENCH_SCALES (1000 10000), BENCH_SKIP_BUILD=1 (use the
#   jars already built), BENCH_JAVA_OPTS (-Xmx256m, as demo.sh and the e2e suite), BENCH_OUT (result directory),
#   BENCH_BASELINE_REF (4c4f996), BENCH_DESIGNS (baseline new), BENCH_NEW_JANITOR_OPTS / BENCH_BASELINE_JANITOR_OPTS
#   (extra -D options for one design only: the janitor refuses janitor.* keys it does not know), BENCH_APP_<d> and
#   BENCH_LABEL_<d> (a further design <d> in BENCH_DESIGNS: its quarkus-app directory and its name), BENCH_THROUGHPUT_DESIGNS
#   (BENCH_DESIGNS), BENCH_THROUGHPUT_RATES_<d> (design <d> at these of the rates only),
#   BENCH_STEADY_SCALE (the largest of BENCH_SCALES), BENCH_STEADY_WARMUP (60), BENCH_STEADY_WINDOW (300),
#   BENCH_LATENCY_COUNT (200), BENCH_LATENCY_TTLS (30s..330s), BENCH_LATENCY_MARGIN (180: seconds to wait after the
#   last expiry), BENCH_THROUGHPUT_RATES (50 20 5), BENCH_THROUGHPUT_COUNT (1000), BENCH_SETTLE_LOAD (1.0: the
#   1-minute load awaited, at most 90 s, after creating namespaces).
# Output: tables on stdout and in $BENCH_OUT/report.md; raw JSON lines in $BENCH_OUT/results.jsonl (written by jq
#   and python's json module). The product is installed by e2e/scripts/install.sh (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BENCH="$REPO/bench"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_command "$0" "$@"

PHASES=${BENCH_PHASES:-startup webhook janitor janitor-steady janitor-latency janitor-throughput overhead}
MAX_CONNECTIONS=${BENCH_MAX_CONNECTIONS:-8}
OVERHEAD_COUNT=${BENCH_OVERHEAD_COUNT:-1000}
OVERHEAD_ROUNDS=${BENCH_OVERHEAD_ROUNDS:-2}
RATES=${BENCH_RATES:-200 500 1000 2000 4000}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-15s}
REPEATS=${BENCH_REPEATS:-3}
SAT_WORKERS=${BENCH_SAT_WORKERS:-32}
SCALES=${BENCH_SCALES:-1000 10000}
STEADY_SCALE=${BENCH_STEADY_SCALE:-$(tr ' ' '\n' <<<"$SCALES" | sort -n | tail -1)}
STEADY_WARMUP=${BENCH_STEADY_WARMUP:-60}
STEADY_WINDOW=${BENCH_STEADY_WINDOW:-300}
LATENCY_COUNT=${BENCH_LATENCY_COUNT:-200}
LATENCY_TTLS=${BENCH_LATENCY_TTLS:-30s..330s}
LATENCY_MARGIN=${BENCH_LATENCY_MARGIN:-180}
THROUGHPUT_RATES=${BENCH_THROUGHPUT_RATES:-50 20 5}
THROUGHPUT_COUNT=${BENCH_THROUGHPUT_COUNT:-1000}
THROUGHPUT_DESIGNS=${BENCH_THROUGHPUT_DESIGNS:-${BENCH_DESIGNS:-baseline new}}
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
# shellcheck source=bench/janitor-lib.sh
. "$BENCH/janitor-lib.sh"
# shellcheck source=bench/phases/janitor.sh
. "$BENCH/phases/janitor.sh"
# shellcheck source=bench/phases/janitor-steady.sh
. "$BENCH/phases/janitor-steady.sh"
# shellcheck source=bench/phases/janitor-latency.sh
. "$BENCH/phases/janitor-latency.sh"
# shellcheck source=bench/phases/janitor-throughput.sh
. "$BENCH/phases/janitor-throughput.sh"
# shellcheck source=bench/phases/overhead.sh
. "$BENCH/phases/overhead.sh"

cleanup() {
  stop_everything
  log "stopped everything; results in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

phase() { [[ " $PHASES " == *" $1 "* ]]; }
janitor_phases() { [[ " $PHASES " == *" janitor"* ]]; }

# ---------------------------------------------------------------------------------------------------------------
log "output: $OUT"
"$REPO/e2e/scripts/install-prerequisites.sh"
"$REPO/e2e/scripts/build-binaries.sh" >&2
build_vegeta
build_jars
janitor_phases && build_baseline_janitor && copy_other_designs
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

log "starting the control plane (with its audit log) and installing the product"
CONTROL_PLANE_AUDIT=1 install_product
# shellcheck disable=SC2016 # $kubernetes and $vegeta are jq's
record "$(json --arg kubernetes "$(kubectl version -o json | jq -r .serverVersion.gitVersion)" --arg vegeta "$VEGETA_VERSION" \
  '{kind: "versions", kubernetes: $kubernetes, vegeta: $vegeta}')"

for phase in startup webhook janitor janitor-steady janitor-latency janitor-throughput overhead; do
  if phase "$phase"; then "${phase//-/_}_phase"; fi
done

python3 "$BENCH/report.py" "$RESULTS" | tee "$OUT/report.md"
