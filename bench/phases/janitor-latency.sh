# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase janitor-latency of bench/run.sh (sourced): time from expiry to deletion in the Deployment mode. Both designs'
# janitors run at once, long-running with their defaults (interval 60s, 5 deletions/s, 50 per sweep; leader election
# off), each on a set of LATENCY_COUNT CI namespaces of its own (created-by=bench-lat-<design>, its selector), all
# created at once with ttls spread evenly over LATENCY_TTLS (e.g. 30s..270s), so that their expiries fall at
# spread instants while the janitors run. A watch (bench/k8s.py watch-deletions) notes when each namespace was
# first seen with a deletionTimestamp; latency = that instant - its expiry (creationTimestamp + ttl, the expiry
# rule; creationTimestamp has whole seconds). The sets carry no ephemeral-ns.io/managed=true and the janitors run
# with janitor.require-admission=false: a janitor's scope is its selector OR managed=true, so managed sets would be
# every janitor's, and the designs would race for each namespace. Reported per design: p50/p90/p99/max, and the janitor's requests
# from its start to its stop (audit log, by its token), per namespace it deleted.

janitor_latency_phase() {
  local design row watcher max_ttl timeout sets=() t0 t1
  for design in $DESIGNS; do sets+=("bench-lat-$design"); done
  max_ttl=${LATENCY_TTLS#*..}; max_ttl=${max_ttl%s}
  timeout=$((max_ttl + LATENCY_MARGIN))
  rm -f "$OUT/janitor-latency.jsonl"
  t0=$(now_ms)
  start_designs janitor-latency -Djanitor.dry-run=false -Djanitor.leader-election.enabled=false \
    -Dephemeral-ns.selector=created-by=bench-lat-@DESIGN@ -Djanitor.require-admission=false
  python3 "$BENCH/k8s.py" watch-deletions "created-by in ($(IFS=,; echo "${sets[*]}"))" \
    "$(( LATENCY_COUNT * ${#sets[@]} ))" "$timeout" "$OUT/janitor-latency.jsonl" > "$WORK/watch.json" &
  watcher=$!
  PIDS+=("$watcher")
  for design in $DESIGNS; do
    log "janitor-latency: $LATENCY_COUNT namespaces for the $design janitor, ttls $LATENCY_TTLS"
    row=$(K8S_LABELS="created-by=bench-lat-$design" \
      python3 "$BENCH/k8s.py" create "$LATENCY_COUNT" "bench-lat-$design" "$LATENCY_TTLS" 8)
    row=$(extend "$row" --arg load "$(load)" '. + {kind: "create", load: $load}')
    record "$row"; log "$row"
  done
  log "janitor-latency: waiting (at most $timeout s) until the watch has seen every namespace deleted"
  wait "$watcher" || true
  log "janitor-latency: watch: $(cat "$WORK/watch.json")"
  stop_designs
  t1=$(now_ms)
  for design in $DESIGNS; do
    use_design "$design"
    row=$(python3 - "$OUT/janitor-latency.jsonl" "bench-lat-$design" "$(design_label "$design")" "$LATENCY_COUNT" "$LATENCY_TTLS" \
      "$(load)" "$(audit_requests "$t0" "$t1" "$DESIGN_JTI")" <<'PY'
import json, sys
path, set_label, design, count, ttls, load, requests = sys.argv[1:]
audit = json.loads(requests)
lat = sorted(r["latency_ms"] for r in map(json.loads, open(path)) if r["created-by"] == set_label and r["latency_ms"] is not None)
def pct(p):
    return lat[min(len(lat) - 1, max(0, int(round(p / 100.0 * len(lat) + 0.5)) - 1))] if lat else None
print(json.dumps({"kind": "latency", "design": design, "count": int(count), "ttls": ttls, "deleted": len(lat),
                  "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": lat[-1] if lat else None,
                  "min_ms": lat[0] if lat else None, "requests": audit["requests"], "requests_by": audit["by"],
                  "namespace_deletes": audit["namespace_deletes"], "window_s": audit["window_s"], "load": load}))
PY
)
    record "$row"; log "$row"
  done
}
