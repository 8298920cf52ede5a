#!/usr/bin/env bash
# ephemeral-ns benchmarks (issue 7): builds what it needs, starts a real local control plane (etcd,
# kube-apiserver, kube-controller-manager on 127.0.0.1), runs the programs as processes, measures, prints
# markdown tables and tears everything down (also on Ctrl-C). Not part of ./test.sh.
#
#   bench/run.sh                      every phase with the defaults below (about 20–25 minutes on 2 cores)
#   BENCH_PHASES="startup webhook" bench/run.sh
#
# Phases (BENCH_PHASES, in this order): startup webhook janitor overhead
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
# Output: tables on stdout and in $BENCH_OUT/report.md; raw JSON lines in $BENCH_OUT/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BENCH="$REPO/bench"

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
STATE="$WORK/control-plane"
PIDS=()
. "$BENCH/lib.sh"

cleanup() {
  stop_local_processes
  log "stopped everything; results in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

record() { echo "$1" >> "$RESULTS"; }   # one JSON object per line

# ---------------------------------------------------------------------------------------------------------------
log "output: $OUT"
"$REPO/e2e/scripts/install-prerequisites.sh"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }
"$REPO/e2e/scripts/build-binaries.sh" >&2
build_vegeta
build_jars
use_runtime jdk17
RUNTIMES=jdk17
if [[ " $PHASES " == *" startup "* || " $PHASES " == *" janitor "* ]] && build_aot_jars; then RUNTIMES="jdk17 jdk25-aot"; fi
record "$(python3 - "$(java -version 2>&1 | head -1)" "$(load)" <<'EOF'
import json, os, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
print(json.dumps({"kind": "machine", "nproc": os.cpu_count(), "cpu": cpu, "mem_mib": mem, "java": sys.argv[1],
                  "load_at_start": sys.argv[2]}))
EOF
)"

log "starting the control plane"
control_plane_up
install_accounts
make_tls
record "{\"kind\":\"versions\",\"kubernetes\":\"$(kubectl version -o json | jq -r .serverVersion.gitVersion)\",\"vegeta\":\"$VEGETA_VERSION\"}"

phase() { [[ " $PHASES " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------------------------
# measure_startup <program> <runtime> <run> <pid> <ready url> <t0>: time to ready, CPU used until then and RSS
# 10 s later, recorded; stops the process
measure_startup() {
  local ready cpu rss
  ready=$(wait_ready "$5" "$6"); cpu=$(cpu_ms "$4")
  sleep 10; rss=$(rss_mib "$4")
  record "{\"kind\":\"startup\",\"program\":\"$1\",\"runtime\":\"$2\",\"run\":$3,\"ready_ms\":$ready,\"cpu_ms_to_ready\":$cpu,\"rss_idle_mib\":$rss,\"load\":\"$(load)\"}"
  log "$1 ($2) start $3: ready in $ready ms, idle RSS $rss MiB"
  stop_pid "$4"
}

if phase startup; then
  for runtime in $RUNTIMES; do
    use_runtime "$runtime"
    for i in $(seq 1 "$REPEATS"); do
      t0=$(now_ms); start_webhook "$OUT/webhook-start-$runtime-$i.log"
      measure_startup admission-webhook "$runtime" "$i" "$WEBHOOK_PID" "https://127.0.0.1:$WEBHOOK_PORT/q/health/ready" "$t0"
      t0=$(now_ms); start_janitor "$OUT/janitor-start-$runtime-$i.log" -Djanitor.leader-election.enabled=false
      measure_startup janitor "$runtime" "$i" "$JANITOR_PID" "http://127.0.0.1:$JANITOR_PORT/q/health/ready" "$t0"
    done
  done
  use_runtime jdk17
fi

# ---------------------------------------------------------------------------------------------------------------
if phase webhook; then
  start_webhook "$OUT/webhook.log"
  wait_ready "https://127.0.0.1:$WEBHOOK_PORT/q/health/ready" "$(now_ms)" >/dev/null
  register_webhook
  # the namespace the Pod review targets: a CI namespace with its baseline applied (as in a pipeline)
  kubectl create namespace bench-pods >/dev/null
  kubectl label namespace bench-pods created-by=ci-cd ttl=24h >/dev/null
  kubectl wait --for=jsonpath='{.metadata.annotations.ephemeral-ns\.io/baseline}'=applied ns/bench-pods --timeout=60s >/dev/null
  sleep 2   # let the webhook's namespace cache see the annotation
  declare -A TARGETS=([validate-namespace]="validate namespace-create.json" [mutate-namespace]="mutate namespace-create.json"
                      [validate-pod]="validate pod-create.json")
  for name in validate-namespace mutate-namespace validate-pod; do
    read -r path body <<<"${TARGETS[$name]}"
    printf 'POST https://127.0.0.1:%s/%s\nContent-Type: application/json\n@%s\n' "$WEBHOOK_PORT" "$path" \
      "$BENCH/requests/$body" > "$WORK/$name.targets"
    # what the webhook answers (kept with the results, to check the load was realistic)
    curl -s --cacert "$WORK/tls/ca.crt" -H 'Content-Type: application/json' --data-binary "@$BENCH/requests/$body" \
      "https://127.0.0.1:$WEBHOOK_PORT/$path" > "$OUT/$name.response.json"
  done
  attack() { # attack <name> <rate> <duration> [more vegeta flags]: results on stdout (binary)
    "$VEGETA" attack -targets="$WORK/$1.targets" -rate="$2" -duration="$3" -root-certs="$WORK/tls/ca.crt" \
      -keepalive=true -timeout=10s -max-connections="$MAX_CONNECTIONS" "${@:4}"
  }
  log "webhook warm-up: $WARMUP per target at 500 req/s"
  for name in validate-namespace mutate-namespace validate-pod; do attack "$name" 500 "$WARMUP" > /dev/null; done
  for rate in $RATES; do
    for name in validate-namespace mutate-namespace validate-pod; do
      for i in $(seq 1 "$REPEATS"); do
        attack "$name" "$rate" "$DURATION" > "$WORK/r.bin"
        l=$(load)
        "$VEGETA" report -type=json "$WORK/r.bin" > "$WORK/r.json"
        row=$("$VEGETA" encode --to json "$WORK/r.bin" | python3 "$BENCH/vegeta_stats.py" "$WORK/r.json" \
              kind=webhook target="$name" offered="$rate" run="$i" load="$l")
        record "$row"; log "$row"
      done
    done
  done
  for name in validate-namespace mutate-namespace validate-pod; do
    for i in $(seq 1 "$REPEATS"); do
      attack "$name" 0 "$DURATION" -max-workers="$SAT_WORKERS" > "$WORK/r.bin"
      l=$(load)
      "$VEGETA" report -type=json "$WORK/r.bin" > "$WORK/r.json"
      row=$("$VEGETA" encode --to json "$WORK/r.bin" | python3 "$BENCH/vegeta_stats.py" "$WORK/r.json" \
            kind=webhook target="$name" offered="max($SAT_WORKERS workers)" run="$i" load="$l")
      record "$row"; log "$row"
    done
  done
  rss=$(rss_mib "$WEBHOOK_PID")
  record "{\"kind\":\"rss_after_load\",\"program\":\"admission-webhook\",\"rss_mib\":$rss,\"load\":\"$(load)\"}"
  deregister_webhook
  kubectl delete namespace bench-pods --wait=false >/dev/null
  stop_pid "$WEBHOOK_PID"
fi

# ---------------------------------------------------------------------------------------------------------------
# one_sweep <label> <n> <command...>: runs it under /usr/bin/time -v, records wall time and peak RSS; for the
# janitor also its own summary line (sweep ms, list requests) and the peak heap seen by the GC log
one_sweep() {
  local tool=$1 n=$2 run=$3; shift 3
  rm -f "$WORK/gc.log"
  /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/sweep.log" 2>&1 || { tail -20 "$WORK/sweep.log" >&2; return 1; }
  python3 - "$tool" "$n" "$run" "$(load)" "$WORK/time.txt" "$WORK/sweep.log" "$WORK/gc.log" <<'EOF'
import json, os, re, sys
tool, n, run, load, timef, logf, gcf = sys.argv[1:]
t = open(timef).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
wall_s = (int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) // 1024
cpu_s = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1)) + float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
out = {"kind": "sweep", "tool": tool, "namespaces": int(n), "run": int(run), "wall_s": round(wall_s, 2),
       "cpu_s": round(cpu_s, 2), "max_rss_mib": rss, "load": load}
log = open(logf).read()
m = re.search(r"sweep[^:]*: (\d+) CI namespaces .*?; (\d+) list requests in (\d+) ms", log)
if m:
    out.update({"scanned": int(m.group(1)), "list_requests": int(m.group(2)), "sweep_ms": int(m.group(3))})
m = re.search(r"(?:deleted|would delete) (\d+),", log)
if m:
    out["acted"] = int(m.group(1))
m = re.search(r"shell-janitor[^:]*: (\d+) CI namespaces, (?:would delete|deleted) (\d+)", log)
if m:
    out.update({"scanned": int(m.group(1)), "acted": int(m.group(2))})
if os.path.exists(gcf):
    before = [int(x) for x in re.findall(r"(\d+)M->\d+M\(\d+M\)", open(gcf).read())]
    out["gcs"] = len(before)
    if before:
        out["peak_heap_before_gc_mib"] = max(before)
print(json.dumps(out))
EOF
}

# write_janitor_once <script> <runtime>: a script running one janitor sweep, then exiting (so that /usr/bin/time
# can run it); extra -D options are its arguments
write_janitor_once() {
  use_runtime "$2"
  {
    echo '#!/usr/bin/env bash'
    printf 'export KUBECONFIG=%q\ncd %q\n' "$WORK/janitor.kubeconfig" "$JANITOR_APP"
    printf 'exec %q %s %s -Xlog:gc:file=%q %s' "$JAVA_BIN" "${JAVA_OPTS_BENCH[*]}" "$(aot_opts "$JANITOR_APP")" "$WORK/gc.log" "${SHARED_OPTS[*]}"
    printf ' -Djanitor.run-once=true -Djanitor.leader-election.enabled=false -Dquarkus.http.host=127.0.0.1'
    printf ' -Dquarkus.http.port=0 "$@" -jar quarkus-run.jar\n'
  } > "$1"
  chmod +x "$1"
  use_runtime jdk17
}

# settle: lets the machine come to rest (1-minute load below 1, at most 90 s) after creating namespaces, so that
# the sweeps below do not share the CPUs with the creation's aftermath (API server, etcd compaction, the
# controllers' own writes into each new namespace, which kube-controller-manager paces at its default 20 qps)
settle() {
  for _ in $(seq 1 90); do
    awk '{exit !($1 < 1.0)}' /proc/loadavg && break
    sleep 1
  done
  log "settled: load $(load)"
}

if phase janitor; then
  write_janitor_once "$WORK/janitor-once" jdk17
  [[ -d "$WORK/janitor-aot" ]] && write_janitor_once "$WORK/janitor-once-aot" jdk25-aot
  have=0
  for n in $SCALES; do
    more=$((n - have))
    log "creating $more CI namespaces (ttl=24h) through the API (8 threads, admin client certificate)"
    row=$(python3 "$BENCH/k8s.py" create "$more" "ci-$n" 24h 8)
    l=$(load); row=${row%\}}",\"kind\":\"create\",\"total_after\":$n,\"load\":\"$l\"}"; record "$row"; log "$row"
    have=$n
    settle
    for i in $(seq 1 "$REPEATS"); do
      row=$(one_sweep janitor "$n" "$i" "$WORK/janitor-once" -Djanitor.dry-run=true); record "$row"; log "$row"
      if [[ -x "$WORK/janitor-once-aot" ]]; then
        row=$(one_sweep janitor-jdk25-aot "$n" "$i" "$WORK/janitor-once-aot" -Djanitor.dry-run=true); record "$row"; log "$row"
      fi
      row=$(one_sweep shell-janitor "$n" "$i" env DRY_RUN=1 "$BENCH/shell-janitor.sh"); record "$row"; log "$row"
    done
    # the Deployment mode: a long-running janitor (dry-run, every 3 s); sweeps after the first are warm
    # the first three sweeps of a fresh JVM still run partly in the interpreter and the C1 compiler: skipped
    start_janitor "$WORK/janitor-warm.log" -Djanitor.interval=3s -Djanitor.leader-election.enabled=false
    for _ in $(seq 1 600); do
      (($(grep -c 'sweep (dry-run):' "$WORK/janitor-warm.log" || true) >= REPEATS + 3)) && break; sleep 0.5
    done
    rss=$(rss_mib "$JANITOR_PID"); l=$(load)
    stop_pid "$JANITOR_PID"
    grep 'sweep (dry-run):' "$WORK/janitor-warm.log" | tail -n +4 | head -n "$REPEATS" | python3 -c '
import json, re, sys
n, rss, load = sys.argv[1:]
for i, line in enumerate(sys.stdin, 1):
    m = re.search(r": (\d+) CI namespaces .*?; (\d+) list requests in (\d+) ms", line)
    print(json.dumps({"kind": "warm_sweep", "namespaces": int(n), "run": i, "scanned": int(m.group(1)),
                      "list_requests": int(m.group(2)), "sweep_ms": int(m.group(3)), "rss_mib": int(rss), "load": load}))
' "$n" "$rss" "$l" | while read -r row; do record "$row"; log "$row"; done
  done
  log "creating $DELETE_COUNT expired CI namespaces (ttl=1s); one janitor sweep deletes them at the default 5/s"
  row=$(python3 "$BENCH/k8s.py" create "$DELETE_COUNT" "expired" 1s 8)
  row=${row%\}}",\"kind\":\"create\",\"load\":\"$(load)\"}"; record "$row"; log "$row"
  sleep 2
  row=$(one_sweep janitor-delete "$DELETE_COUNT" 1 "$WORK/janitor-once" -Djanitor.max-deletions-per-sweep="$DELETE_COUNT")
  record "$row"; log "$row"
  cp "$WORK/sweep.log" "$OUT/janitor-delete-sweep.log"
fi

# ---------------------------------------------------------------------------------------------------------------
# API-server overhead: the same namespace creations and deletions, one at a time (1 connection), without and with
# the webhook configurations registered, alternating; the webhook and its configurations select the label
# ci-overhead=yes here, so that they ignore the janitor phase's namespaces (same rules, same cost per request)
if phase overhead; then
  sed -e 's/pods: "20"/pods: "100000"/' -e 's/requests.cpu: "4"/requests.cpu: "10000"/' -e 's/limits.cpu: "8"/limits.cpu: "10000"/' \
      -e 's/requests.memory: 8Gi/requests.memory: 100Ti/' -e 's/limits.memory: 16Gi/limits.memory: 100Ti/' \
      "$REPO/admission-webhook/src/main/resources/baseline-profiles.yaml" > "$WORK/profiles.yaml"
  [[ $(grep -c -e '"100000"' -e '"10000"' -e 100Ti "$WORK/profiles.yaml") == 5 ]] \
    || { log "the shipped default quota changed: update the bench's copy in bench/run.sh"; exit 1; }
  start_webhook "$OUT/webhook-overhead.log" -Dephemeral-ns.selector=ci-overhead=yes -Dwebhook.profiles-file="$WORK/profiles.yaml"
  wait_ready "https://127.0.0.1:$WEBHOOK_PORT/q/health/ready" "$(now_ms)" >/dev/null
  # the Pods' namespace first, while the webhook's reconcile queue is empty (each namespace created below queues one)
  kubectl create namespace ovh-pods >/dev/null
  kubectl label namespace ovh-pods ci-overhead=yes ttl=24h >/dev/null
  kubectl wait --for=jsonpath='{.metadata.annotations.ephemeral-ns\.io/baseline}'=applied ns/ovh-pods --timeout=120s >/dev/null
  for i in $(seq 1 "$OVERHEAD_ROUNDS"); do
    for mode in none webhook; do
      if [[ $mode == webhook ]]; then register_webhook ci-overhead yes; sleep 2; else deregister_webhook; sleep 2; fi
      for op in create delete; do
        if [[ $op == create ]]; then
          row=$(K8S_LABELS=ci-overhead=yes python3 "$BENCH/k8s.py" create "$OVERHEAD_COUNT" "ovh-$mode-$i" 24h 1)
        else
          row=$(python3 "$BENCH/k8s.py" delete "$OVERHEAD_COUNT" "ovh-$mode-$i" 1)
        fi
        row=${row%\}}",\"kind\":\"overhead\",\"mode\":\"$mode\",\"round\":$i,\"load\":\"$(load)\"}"; record "$row"; log "$row"
      done
    done
  done
  # Pods: the same, in one CI namespace whose baseline is applied (the webhook's validating rule checks it);
  # its quota allows more Pods (the shipped default profile allows 20 Pods and 8 CPUs of limits; the webhook reverts
  # edits of its quota, so the bench runs it with a copy of the shipped profiles file that only raises the quota)
  deregister_webhook
  for i in $(seq 1 "$OVERHEAD_ROUNDS"); do
    for mode in none webhook; do
      if [[ $mode == webhook ]]; then register_webhook ci-overhead yes; sleep 2; else deregister_webhook; sleep 2; fi
      for op in create-pods delete-pods; do
        row=$(python3 "$BENCH/k8s.py" "$op" "$OVERHEAD_COUNT" ovh-pods "pod-$mode-$i" 1)
        row=${row%\}}",\"kind\":\"overhead\",\"mode\":\"$mode\",\"round\":$i,\"load\":\"$(load)\"}"; record "$row"; log "$row"
      done
    done
  done
  deregister_webhook
  stop_pid "$WEBHOOK_PID"
fi

python3 "$BENCH/report.py" "$RESULTS" | tee "$OUT/report.md"
