# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase janitor-steady of bench/run.sh (sourced): the Deployment mode at rest. STEADY_SCALE quiet CI namespaces
# (ttl=24h: nothing to delete); both designs' janitors run at once, long-running with their defaults (interval 60s,
# leader election on, each with a Lease of its own), each with a token of its own; once all are ready and
# STEADY_WARMUP seconds later,
# their API requests are counted from the audit log over STEADY_WINDOW seconds and scaled to an hour, and their
# RSS is read at the end of the window, their CPU time over it.

janitor_steady_phase() {
  local design pid row requests t0 t1
  local -A cpu0=()
  quiet_namespaces "$STEADY_SCALE"
  start_designs janitor-steady -Djanitor.dry-run=false -Djanitor.leader-election.enabled=true \
    -Djanitor.leader-election.lease-name=bench-@DESIGN@
  log "janitor-steady: the janitors of $DESIGNS running on $STEADY_SCALE quiet namespaces; warm-up $STEADY_WARMUP s, then $STEADY_WINDOW s counted"
  sleep "$STEADY_WARMUP"
  t0=$(now_ms)
  for design in $DESIGNS; do cpu0[$design]=$(cpu_ms "${DESIGN_PIDS[$design]}" 2>/dev/null || echo 0); done
  sleep "$STEADY_WINDOW"
  t1=$(now_ms)
  for design in $DESIGNS; do
    pid=${DESIGN_PIDS[$design]}
    use_design "$design"
    kill -0 "$pid" 2>/dev/null || { log "janitor-steady: the $design janitor exited early; see $OUT/janitor-steady-$design.log"; continue; }
    requests=$(audit_requests "$t0" "$t1" "$DESIGN_JTI")
    row=$(json --arg design "$(design_label "$design")" --argjson n "$STEADY_SCALE" --argjson rss "$(rss_mib "$pid")" \
      --argjson cpu_ms "$(( $(cpu_ms "$pid") - cpu0[$design] ))" --argjson audit "$requests" --arg load "$(load)" \
      '{kind: "steady", design: $design, namespaces: $n, rss_mib: $rss, cpu_ms_in_window: $cpu_ms, window_s: $audit.window_s,
        requests: $audit.requests, requests_per_hour: (($audit.requests * 3600 / $audit.window_s) | round),
        requests_per_hour_besides_leases: (([$audit.by | to_entries[] | select(.key | endswith(" leases") | not) | .value]
          | add // 0) * 3600 / $audit.window_s | round),
        watches_open: $audit.watches_open_at_start, requests_by: $audit.by, load: $load}')
    record "$row"; log "$row"
  done
  stop_designs
}
