# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase startup of bench/run.sh (sourced): time from `java -jar` to /q/health/ready 200, CPU used until then, and
# RSS 10 s after ready, for both programs, on each runtime of RUNTIMES, REPEATS times.

# measure_startup <program> <runtime> <run> <pid> <ready url> <t0>: time to ready, CPU used until then and RSS
# 10 s later, recorded; stops the process
measure_startup() {
  local ready cpu rss
  ready=$(wait_ready "$5" "$6"); cpu=$(cpu_ms "$4")
  sleep 10; rss=$(rss_mib "$4")
  record "$(json --arg program "$1" --arg runtime "$2" --argjson run "$3" --argjson ready "$ready" --argjson cpu "$cpu" \
    --argjson rss "$rss" --arg load "$(load)" \
    '{kind: "startup", program: $program, runtime: $runtime, run: $run, ready_ms: $ready, cpu_ms_to_ready: $cpu,
      rss_idle_mib: $rss, load: $load}')"
  log "$1 ($2) start $3: ready in $ready ms, idle RSS $rss MiB"
  stop_pid "$4"
}

startup_phase() {
  local runtime i t0
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
}
