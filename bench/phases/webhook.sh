# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase webhook of bench/run.sh (sourced): vegeta (open model, constant rate, TLS, keep-alive) against /validate and
# /mutate with bench/requests/*.json, at each rate of RATES, REPEATS times, after a warm-up; then a closed-model
# saturation run (-rate=0, SAT_WORKERS workers); at most MAX_CONNECTIONS connections (see bench/run.sh).

TARGET_NAMES=(validate-namespace mutate-namespace validate-pod)
declare -A TARGETS=([validate-namespace]="validate namespace-create.json" [mutate-namespace]="mutate namespace-create.json"
                    [validate-pod]="validate pod-create.json")

# attack <name> <rate> <duration> [more vegeta flags]: results on stdout (binary)
attack() {
  "$VEGETA" attack -targets="$WORK/$1.targets" -rate="$2" -duration="$3" -root-certs="$TLS_CA" \
    -keepalive=true -timeout=10s -max-connections="$MAX_CONNECTIONS" "${@:4}"
}

# measure_attack <name> <offered> <run> <rate> [more vegeta flags]: one attack, its statistics recorded
measure_attack() {
  local l row
  attack "$1" "$4" "$DURATION" "${@:5}" > "$WORK/r.bin"
  l=$(load)
  "$VEGETA" report -type=json "$WORK/r.bin" > "$WORK/r.json"
  row=$("$VEGETA" encode --to json "$WORK/r.bin" | python3 "$BENCH/vegeta_stats.py" "$WORK/r.json" \
        kind=webhook target="$1" offered="$2" run="$3" load="$l")
  record "$row"; log "$row"
}

webhook_phase() {
  local name path body rate i
  start_webhook "$OUT/webhook.log"
  wait_ready "https://127.0.0.1:$WEBHOOK_PORT/q/health/ready" "$(now_ms)" >/dev/null
  register_webhook
  # the namespace the Pod review targets: a CI namespace with its baseline applied (as in a pipeline)
  kubectl create namespace bench-pods >/dev/null
  kubectl label namespace bench-pods created-by=ci-cd ttl=24h >/dev/null
  kubectl wait --for=jsonpath='{.metadata.annotations.ephemeral-ns\.io/baseline}'=applied ns/bench-pods --timeout=60s >/dev/null
  sleep 2   # let the webhook's namespace cache see the annotation
  for name in "${TARGET_NAMES[@]}"; do
    read -r path body <<<"${TARGETS[$name]}"
    printf 'POST https://127.0.0.1:%s/%s\nContent-Type: application/json\n@%s\n' "$WEBHOOK_PORT" "$path" \
      "$BENCH/requests/$body" > "$WORK/$name.targets"
    # what the webhook answers (kept with the results, to check the load was realistic)
    curl -s --cacert "$TLS_CA" -H 'Content-Type: application/json' --data-binary "@$BENCH/requests/$body" \
      "https://127.0.0.1:$WEBHOOK_PORT/$path" > "$OUT/$name.response.json"
  done
  log "webhook warm-up: $WARMUP per target at 500 req/s"
  for name in "${TARGET_NAMES[@]}"; do attack "$name" 500 "$WARMUP" > /dev/null; done
  for rate in $RATES; do
    for name in "${TARGET_NAMES[@]}"; do
      for i in $(seq 1 "$REPEATS"); do measure_attack "$name" "$rate" "$i" "$rate"; done
    done
  done
  for name in "${TARGET_NAMES[@]}"; do
    for i in $(seq 1 "$REPEATS"); do
      measure_attack "$name" "max($SAT_WORKERS workers)" "$i" 0 -max-workers="$SAT_WORKERS"
    done
  done
  record "$(json --argjson rss "$(rss_mib "$WEBHOOK_PID")" --arg load "$(load)" \
    '{kind: "rss_after_load", program: "admission-webhook", rss_mib: $rss, load: $load}')"
  deregister_webhook
  kubectl delete namespace bench-pods --wait=false >/dev/null
  stop_pid "$WEBHOOK_PID"
}
