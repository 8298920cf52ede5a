# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase janitor of bench/run.sh (sourced): SCALES CI namespaces (created-by=ci-cd, ttl=24h) created through the
# API; a no-op sweep (run-once, dry-run) REPEATS times, side by side with the seed's shell janitor
# (bench/shell-janitor.sh, DRY_RUN=1), both under /usr/bin/time -v; warm sweeps of a long-running janitor; then
# DELETE_COUNT expired namespaces deleted by one janitor sweep at the default rate (5/s).

# one_sweep <label> <n> <run> <command...>: runs it under /usr/bin/time -v, prints the JSON of wall time and peak
# RSS; for the janitor also its own summary line (sweep ms, list requests) and the peak heap seen by the GC log
one_sweep() {
  local tool=$1 n=$2 run=$3; shift 3
  rm -f "$WORK/gc.log"
  /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/sweep.log" 2>&1 || { tail -20 "$WORK/sweep.log" >&2; return 1; }
  python3 - "$tool" "$n" "$run" "$(load)" "$WORK/time.txt" "$WORK/sweep.log" "$WORK/gc.log" <<'PY'
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
PY
}

# write_janitor_once <script> <runtime>: a script running one janitor sweep, then exiting (so that /usr/bin/time
# can run it); extra -D options are its arguments
write_janitor_once() {
  use_runtime "$2"
  {
    echo '#!/usr/bin/env bash'
    printf 'export KUBECONFIG=%q\ncd %q\n' "$JANITOR_KUBECONFIG" "$JANITOR_APP"
    printf 'exec %q %s %s -Xlog:gc:file=%q %s' "$JAVA_BIN" "${JAVA_OPTS_BENCH[*]}" "$(aot_opts "$JANITOR_APP")" "$WORK/gc.log" "${SHARED_OPTS[*]}"
    printf ' -Djanitor.run-once=true -Djanitor.leader-election.enabled=false -Dquarkus.http.host=127.0.0.1'
    # shellcheck disable=SC2016 # "$@" is the written script's
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

# record_sweep <one_sweep arguments...>: one sweep measured, recorded and logged
record_sweep() {
  local row
  row=$(one_sweep "$@"); record "$row"; log "$row"
}

janitor_phase() {
  local have=0 n more row rss l i
  write_janitor_once "$WORK/janitor-once" jdk17
  [[ -d "$WORK/janitor-aot" ]] && write_janitor_once "$WORK/janitor-once-aot" jdk25-aot
  for n in $SCALES; do
    more=$((n - have))
    log "creating $more CI namespaces (ttl=24h) through the API (8 threads, admin client certificate)"
    row=$(python3 "$BENCH/k8s.py" create "$more" "ci-$n" 24h 8)
    row=$(extend "$row" --argjson n "$n" --arg load "$(load)" '. + {kind: "create", total_after: $n, load: $load}')
    record "$row"; log "$row"
    have=$n
    settle
    for i in $(seq 1 "$REPEATS"); do
      record_sweep janitor "$n" "$i" "$WORK/janitor-once" -Djanitor.dry-run=true
      if [[ -x "$WORK/janitor-once-aot" ]]; then
        record_sweep janitor-jdk25-aot "$n" "$i" "$WORK/janitor-once-aot" -Djanitor.dry-run=true
      fi
      record_sweep shell-janitor "$n" "$i" env DRY_RUN=1 "$BENCH/shell-janitor.sh"
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
  row=$(extend "$row" --arg load "$(load)" '. + {kind: "create", load: $load}')
  record "$row"; log "$row"
  sleep 2
  record_sweep janitor-delete "$DELETE_COUNT" 1 "$WORK/janitor-once" -Djanitor.max-deletions-per-sweep="$DELETE_COUNT"
  cp "$WORK/sweep.log" "$OUT/janitor-delete-sweep.log"
}
