# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase janitor of bench/run.sh (sourced): the one-shot sweep (CronJob mode). SCALES CI namespaces (created-by=ci-cd,
# ttl=24h) created through the API; a no-op sweep (run-once, dry-run) REPEATS times by each design's janitor (the
# previous design's and this tree's, on the default JDK; this tree's also on the AOT runtime when built), side by
# side with the seed's shell janitor (bench/shell-janitor.sh, DRY_RUN=1), all under /usr/bin/time -v, on the same
# namespaces; the janitor's API requests counted from the audit log.

# one_sweep <label> <n> <run> <command...>: runs it under /usr/bin/time -v, prints the JSON of wall time, CPU time
# and peak RSS; for the janitor also its own summary line (sweep ms, list requests), the peak heap seen by the GC
# log and its API requests from the audit log
one_sweep() {
  local tool=$1 n=$2 run=$3 t0 t1 requests
  shift 3
  rm -f "$WORK/gc.log"
  t0=$(now_ms)
  /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/sweep.log" 2>&1 || { tail -20 "$WORK/sweep.log" >&2; return 1; }
  t1=$(now_ms)
  requests=$(audit_requests "$t0" "$t1")
  python3 - "$tool" "$n" "$run" "$(load)" "$WORK/time.txt" "$WORK/sweep.log" "$WORK/gc.log" "$requests" <<'PY'
import json, os, re, sys
tool, n, run, load, timef, logf, gcf, requests = sys.argv[1:]
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
audit = json.loads(requests)
if not tool.startswith("shell"):  # the shell janitor runs kubectl with the admin kubeconfig
    out.update({"requests": audit["requests"], "requests_by": audit["by"]})
print(json.dumps(out))
PY
}

# write_janitor_once <script> <runtime> [application dir]: a script running one janitor sweep, then exiting (so that
# /usr/bin/time can run it); extra -D options are its arguments
write_janitor_once() {
  use_runtime "$2"
  local app=${3:-$JANITOR_APP}
  {
    echo '#!/usr/bin/env bash'
    printf 'export KUBECONFIG=%q\ncd %q\n' "$JANITOR_KUBECONFIG" "$app"
    printf 'exec %q %s %s -Xlog:gc:file=%q %s' "$JAVA_BIN" "${JAVA_OPTS_BENCH[*]}" "$(aot_opts "$app")" "$WORK/gc.log" "${SHARED_OPTS[*]}"
    printf ' -Djanitor.run-once=true -Djanitor.leader-election.enabled=false -Dquarkus.http.host=127.0.0.1'
    # shellcheck disable=SC2016 # "$@" is the written script's
    printf ' -Dquarkus.http.port=0 "$@" -jar quarkus-run.jar\n'
  } > "$1"
  chmod +x "$1"
  use_runtime jdk17
}

# record_sweep <one_sweep arguments...>: one sweep measured, recorded and logged
record_sweep() {
  local row
  row=$(one_sweep "$@"); record "$row"; log "$row"
}

janitor_phase() {
  local n i design
  for design in $DESIGNS; do
    use_design "$design"
    write_janitor_once "$WORK/janitor-once-$design" jdk17 "$JANITOR_APP"
  done
  [[ -d "$WORK/janitor-aot" && " $DESIGNS " == *" new "* ]] && write_janitor_once "$WORK/janitor-once-aot" jdk25-aot
  for n in $SCALES; do
    quiet_namespaces "$n"
    for i in $(seq 1 "$REPEATS"); do
      for design in $DESIGNS; do
        use_design "$design"
        record_sweep "janitor $(design_label "$design")" "$n" "$i" "$WORK/janitor-once-$design" -Djanitor.dry-run=true \
          "${DESIGN_OPTS[@]}"
      done
      if [[ -x "$WORK/janitor-once-aot" ]]; then
        record_sweep "janitor $(design_label new), jdk25-aot" "$n" "$i" "$WORK/janitor-once-aot" -Djanitor.dry-run=true \
          "${NEW_JANITOR_OPTS[@]}"
      fi
      record_sweep shell-janitor "$n" "$i" env DRY_RUN=1 "$BENCH/shell-janitor.sh"
    done
  done
}
