#!/usr/bin/env bash
# Baseline latency under load (issue 11): how long a NEW CI namespace waits for ephemeral-ns.io/baseline=applied
# while thousands of CI namespaces exist and the webhook's reconciler re-checks all of them (a start of the webhook,
# which is a full resync). Starts a real local control plane with the product installed (e2e/scripts/install.sh),
# runs the webhook as a process with the chart's RBAC, prints a markdown table and tears everything down (also on
# Ctrl-C). Not part of ./test.sh.
#
#   bench/baseline-latency.sh run      measure (the default subcommand)
#   bench/baseline-latency.sh help     this text
#
# What it does: BENCH_NAMESPACES CI namespaces (created-by=ci-cd, ttl=24h) are created and the webhook applies
# their baselines (bounded by BENCH_FILL_TIMEOUT); then, BENCH_REPEATS times: the webhook is restarted, and as soon
# as its pass over every CI namespace is under way (50 reconciles counted) a new namespace is created and labelled
# created-by=ci-cd ttl=1h, as a pipeline does; measured are the time from the label to baseline=applied, and how long
# the restart's pass took (from ready until ephemeral_ns_baseline_reconciles_total has counted every namespace).
# Knobs: BENCH_NAMESPACES (3000), BENCH_REPEATS (3), BENCH_FILL_TIMEOUT (1800 s), BENCH_LATENCY_TIMEOUT (900 s),
#   BENCH_SKIP_BUILD=1 (reuse the built jars), BENCH_JAVA_OPTS (-Xmx256m),
#   BENCH_WEBHOOK_APP (a quarkus-app directory to measure instead of this tree's, e.g. an older build) with
#   BENCH_WEBHOOK_RBAC (the files/rbac/webhook.yaml that build needs; default this tree's), BENCH_LABEL (a name for
#   the variant in the report, default "this tree"), BENCH_OUT (result directory).
# Output: $BENCH_OUT/results.jsonl (one JSON line per measurement) and report.md (also printed).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
BENCH="$REPO/bench"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_command "$0" "$@"

COUNT=${BENCH_NAMESPACES:-3000}
PASS_STARTED=$(( COUNT < 500 ? COUNT / 10 + 1 : 50 ))   # reconciles counted before the new namespace is labelled
REPEATS=${BENCH_REPEATS:-3}
FILL_TIMEOUT=${BENCH_FILL_TIMEOUT:-1800}
LATENCY_TIMEOUT=${BENCH_LATENCY_TIMEOUT:-900}
VARIANT=${BENCH_LABEL:-this tree}
OUT=${BENCH_OUT:-/tmp/ephemeral-ns-baseline-bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"

WORK=$(mktemp -d -t ephemeral-ns-baseline-bench-XXXX)
STATE="$WORK/install"
PIDS=()

cleanup() {
  stop_everything
  log "stopped everything; results in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ns.py <command> ...: namespace operations against the API server with the admin client certificate
ns_py() {
  python3 - "$@" <<'EOF'
import http.client, json, os, ssl, sys, time, urllib.parse

def conn():
    ctx = ssl.create_default_context(cafile=os.environ["CA_CERT"])
    ctx.load_cert_chain(os.environ["ADMIN_CERT"], os.environ["ADMIN_KEY"])
    url = urllib.parse.urlparse(os.environ["APISERVER_URL"])
    return http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=30)

def call(c, method, path, body=None, ctype="application/json"):
    c.request(method, path, body=None if body is None else json.dumps(body), headers={"Content-Type": ctype})
    r = c.getresponse(); data = r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data)

def applied_count(c):
    count, total, cont = 0, 0, ""
    while True:
        q = "labelSelector=" + urllib.parse.quote("created-by=ci-cd") + "&limit=500" + ("&continue=" + cont if cont else "")
        page = call(c, "GET", "/api/v1/namespaces?" + q)
        for ns in page["items"]:
            total += 1
            if (ns["metadata"].get("annotations") or {}).get("ephemeral-ns.io/baseline") == "applied":
                count += 1
        cont = page["metadata"].get("continue")
        if not cont:
            return count, total

cmd = sys.argv[1]
c = conn()
if cmd == "wait-applied":          # wait-applied <expected> <timeout s>: prints seconds waited
    expected, timeout, t0 = int(sys.argv[2]), float(sys.argv[3]), time.time()
    while True:
        done, total = applied_count(c)
        if done >= expected:
            print(round(time.time() - t0, 1)); break
        if time.time() - t0 > timeout:
            raise SystemExit(f"only {done} of {expected} namespaces have baseline=applied after {timeout:.0f} s")
        time.sleep(2)
elif cmd == "label-latency":       # label-latency <name> <timeout s>: create, label as a pipeline, ms to applied
    name, timeout = sys.argv[2], float(sys.argv[3])
    call(c, "POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    t0 = time.time()
    call(c, "PATCH", "/api/v1/namespaces/" + name,
         {"metadata": {"labels": {"created-by": "ci-cd", "ttl": "1h", "ephemeral-ns.io/managed": "true"}}},
         "application/merge-patch+json")
    while True:
        ns = call(c, "GET", "/api/v1/namespaces/" + name)
        if (ns["metadata"].get("annotations") or {}).get("ephemeral-ns.io/baseline") == "applied":
            print(int((time.time() - t0) * 1000)); break
        if time.time() - t0 > timeout:
            raise SystemExit(f"namespace {name}: no baseline=applied after {timeout:.0f} s")
        time.sleep(0.02)
else:
    raise SystemExit("unknown command " + cmd)
EOF
}

# reconciles: the sum of ephemeral_ns_baseline_reconciles_total over all results, from the webhook's metrics
reconciles() {
  curl -ksf "https://127.0.0.1:$WEBHOOK_PORT/q/metrics" \
    | awk '/^ephemeral_ns_baseline_reconciles_total\{/ {s += $2} END {printf "%d", s}'
}

# wait_pass <target> <t0 ms> <timeout s>: ms from t0 until the reconcile counter reaches target
wait_pass() {
  local deadline=$(( $(date +%s) + $3 ))
  while (( $(reconciles || echo 0) < $1 )); do
    (( $(date +%s) < deadline )) || { echo -1; return; }
    sleep 0.2
  done
  echo $(( $(now_ms) - $2 ))
}

start_measured_webhook() {
  start_webhook "$1" -Dwebhook.resync-period=1h
  wait_ready "https://127.0.0.1:$WEBHOOK_PORT/q/health/ready" "$(now_ms)" 120 >/dev/null
}

# ---------------------------------------------------------------------------------------------------------------
log "output: $OUT"
"$REPO/e2e/scripts/install-prerequisites.sh"
"$REPO/e2e/scripts/build-binaries.sh" >&2
if [[ -n "${BENCH_WEBHOOK_APP:-}" ]]; then
  mkdir -p "$WORK/webhook-app" && cp -r "$BENCH_WEBHOOK_APP/." "$WORK/webhook-app/"
  mkdir -p "$WORK/janitor-app"
else
  build_jars
fi
use_runtime jdk17
WEBHOOK_APP="$WORK/webhook-app"

log "starting the control plane and installing the product"
install_product
if [[ -n "${BENCH_WEBHOOK_RBAC:-}" ]]; then
  sed 's/{{ .Release.Namespace }}/ephemeral-ns/g' "$BENCH_WEBHOOK_RBAC" | kubectl apply -f - >/dev/null
fi

log "creating $COUNT CI namespaces and waiting for their baselines (at most $FILL_TIMEOUT s)"
start_measured_webhook "$OUT/webhook-fill.log"
python3 "$BENCH/k8s.py" create "$COUNT" "bl" 24h 8 >/dev/null
fill_s=$(ns_py wait-applied "$COUNT" "$FILL_TIMEOUT")
# shellcheck disable=SC2016 # jq's $arguments
record "$(json --arg variant "$VARIANT" --argjson namespaces "$COUNT" --argjson seconds "$fill_s" --arg load "$(load)" \
  '{kind: "fill", variant: $variant, namespaces: $namespaces, seconds: $seconds, load: $load}')"
log "$COUNT baselines applied in $fill_s s (load $(load))"
stop_pid "$WEBHOOK_PID"

for i in $(seq 1 "$REPEATS"); do
  start_measured_webhook "$OUT/webhook-$i.log"
  t_ready=$(now_ms)
  # label once the restart's pass is under way (its caches synced, the first reconciles counted)
  started=$(wait_pass "$PASS_STARTED" "$t_ready" "$LATENCY_TIMEOUT")
  latency=$(ns_py label-latency "bl-new-$i" "$LATENCY_TIMEOUT")
  # the restart's pass: the counter starts at 0 with the process; every CI namespace (the COUNT, the i new ones)
  # counted at least once
  pass=$(wait_pass $(( COUNT + i )) "$t_ready" "$LATENCY_TIMEOUT")
  # shellcheck disable=SC2016 # jq's $arguments
  record "$(json --arg variant "$VARIANT" --argjson namespaces "$COUNT" --argjson run "$i" --argjson started "$started" \
    --argjson latency "$latency" --argjson pass "$pass" --arg load "$(load)" \
    '{kind: "latency", variant: $variant, namespaces: $namespaces, run: $run, pass_started_ms: $started,
      label_to_applied_ms: $latency, restart_pass_ms: $pass, load: $load}')"
  log "run $i: pass under way $started ms after ready; label -> baseline=applied in $latency ms; the restart's pass over $COUNT namespaces took $pass ms from ready (load $(load))"
  stop_pid "$WEBHOOK_PID"
done

python3 - "$RESULTS" > "$OUT/report.md" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
fill = [r for r in rows if r["kind"] == "fill"]
lat = [r for r in rows if r["kind"] == "latency"]
print("| variant | CI namespaces | first fill, s | runs | label to baseline=applied, ms: median (min-max) | restart pass over all from ready, ms: median (min-max) | 1-min load |")
print("|---|---|---|---|---|---|---|")
def summary(values):
    values = [v for v in values if v >= 0]
    return f"{int(statistics.median(values))} ({min(values)}-{max(values)})" if values else "timeout"
for f in fill:
    runs = [r for r in lat if r["variant"] == f["variant"]]
    print(f"| {f['variant']} | {f['namespaces']} | {f['seconds']} | {len(runs)} | "
          f"{summary([r['label_to_applied_ms'] for r in runs])} | {summary([r['restart_pass_ms'] for r in runs])} | "
          f"{', '.join(r['load'].split()[0] for r in runs)} |")
EOF
cat "$OUT/report.md"
