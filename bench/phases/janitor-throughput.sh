# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase janitor-throughput of bench/run.sh (sourced): deletion throughput. For each rate of THROUGHPUT_RATES and each
# design of THROUGHPUT_DESIGNS in turn: THROUGHPUT_COUNT expired CI namespaces (ttl=1s, no workloads) of their own (created-by=bench-tp-...,
# the janitor's selector), deleted by one run-once janitor sweep allowed that many deletions per second and per
# sweep, under /usr/bin/time -v. Measured: the achieved rate between the first and the last namespace deletion the
# API server received (audit log), the janitor's requests per deleted namespace, its CPU time (JVM start included;
# the janitor phase's no-op sweep shows what start-up costs) and wall time.

janitor_throughput_phase() {
  local rate rates design set row requests t0 t1
  for rate in $THROUGHPUT_RATES; do
    for design in $THROUGHPUT_DESIGNS; do
      rates="BENCH_THROUGHPUT_RATES_$design"   # a design's own subset of the rates, e.g. to save time
      [[ -n "${!rates:-}" && " ${!rates} " != *" $rate "* ]] && continue
      set="bench-tp-$design-$rate"
      log "janitor-throughput: $THROUGHPUT_COUNT expired namespaces ($set), the $design janitor at $rate/s"
      row=$(K8S_LABELS="created-by=$set,ephemeral-ns.io/managed=true" python3 "$BENCH/k8s.py" create "$THROUGHPUT_COUNT" "$set" 1s 8)
      row=$(extend "$row" --arg load "$(load)" '. + {kind: "create", load: $load}')
      record "$row"; log "$row"
      settle
      use_design "$design"
      write_janitor_once "$WORK/janitor-tp" jdk17 "$JANITOR_APP"
      t0=$(now_ms)
      /usr/bin/time -v -o "$WORK/time.txt" "$WORK/janitor-tp" -Dephemeral-ns.selector="created-by=$set" \
        -Djanitor.deletes-per-second="$rate" -Djanitor.max-deletions-per-sweep="$THROUGHPUT_COUNT" "${DESIGN_OPTS[@]}" \
        > "$OUT/janitor-throughput-$design-$rate.log" 2>&1 || log "janitor-throughput: the sweep failed (exit $?); see $OUT/janitor-throughput-$design-$rate.log"
      t1=$(now_ms)
      requests=$(audit_requests "$t0" "$t1")
      row=$(python3 - "$(design_label "$design")" "$rate" "$THROUGHPUT_COUNT" "$WORK/time.txt" "$requests" "$(load)" <<'PY'
import json, re, sys
design, rate, count, timef, requests, load = sys.argv[1:]
t = open(timef).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
wall_s = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
cpu_s = sum(float(re.search(r"%s time \(seconds\): ([\d.]+)" % k, t).group(1)) for k in ("User", "System"))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) // 1024
audit = json.loads(requests)
deleted = audit["namespace_deletes"]
out = {"kind": "throughput", "design": design, "rate": int(rate), "count": int(count), "deleted": deleted,
       "wall_s": round(wall_s, 1), "cpu_s": round(cpu_s, 2), "max_rss_mib": rss, "requests": audit["requests"],
       "requests_by": audit["by"], "load": load}
if deleted > 1:
    span = (audit["last_delete_ms"] - audit["first_delete_ms"]) / 1000.0
    out.update({"delete_span_s": round(span, 1), "achieved_per_s": round((deleted - 1) / span, 2) if span else None,
                "requests_per_namespace": round(audit["requests"] / deleted, 2)})
print(json.dumps(out))
PY
)
      record "$row"; log "$row"
    done
  done
}
