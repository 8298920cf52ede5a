# shellcheck shell=bash disable=SC2016 # jq expressions name their $arguments in single quotes
# Phase overhead of bench/run.sh (sourced): API-server overhead: the same namespace creations and deletions, one
# at a time (1 connection), without and with the webhook configurations registered, alternating (OVERHEAD_COUNT
# each, OVERHEAD_ROUNDS alternations); the webhook and its configurations select the label ci-overhead=yes here,
# so that they ignore the janitor phase's namespaces (same rules, same cost per request). Then the same for Pods.

# overhead_mode none|webhook: the webhook configurations deregistered or registered, then 2 s for the API server
overhead_mode() {
  if [[ $1 == webhook ]]; then register_webhook ci-overhead yes; else deregister_webhook; fi
  sleep 2
}

# record_overhead <mode> <round> <k8s.py arguments...>: one k8s.py run, recorded with its mode and round
record_overhead() {
  local mode=$1 round=$2 row
  shift 2
  row=$(python3 "$BENCH/k8s.py" "$@")
  row=$(extend "$row" --arg mode "$mode" --argjson round "$round" --arg load "$(load)" \
    '. + {kind: "overhead", mode: $mode, round: $round, load: $load}')
  record "$row"; log "$row"
}

overhead_phase() {
  local i mode op
  sed -e 's/pods: "20"/pods: "100000"/' -e 's/requests.cpu: "4"/requests.cpu: "10000"/' -e 's/limits.cpu: "8"/limits.cpu: "10000"/' \
      -e 's/requests.memory: 8Gi/requests.memory: 100Ti/' -e 's/limits.memory: 16Gi/limits.memory: 100Ti/' \
      "$REPO/admission-webhook/src/main/resources/baseline-profiles.yaml" > "$WORK/profiles.yaml"
  [[ $(grep -c -e '"100000"' -e '"10000"' -e 100Ti "$WORK/profiles.yaml") == 5 ]] \
    || { log "the shipped default quota changed: update the bench's copy in bench/phases/overhead.sh"; exit 1; }
  start_webhook "$OUT/webhook-overhead.log" -Dephemeral-ns.selector=ci-overhead=yes -Dwebhook.profiles-file="$WORK/profiles.yaml"
  wait_ready "https://127.0.0.1:$WEBHOOK_PORT/q/health/ready" "$(now_ms)" >/dev/null
  # the Pods' namespace first, while the webhook's reconcile queue is empty (each namespace created below queues one)
  kubectl create namespace ovh-pods >/dev/null
  kubectl label namespace ovh-pods ci-overhead=yes ttl=24h >/dev/null
  kubectl wait --for=jsonpath='{.metadata.annotations.ephemeral-ns\.io/baseline}'=applied ns/ovh-pods --timeout=120s >/dev/null
  for i in $(seq 1 "$OVERHEAD_ROUNDS"); do
    for mode in none webhook; do
      overhead_mode "$mode"
      K8S_LABELS=ci-overhead=yes record_overhead "$mode" "$i" create "$OVERHEAD_COUNT" "ovh-$mode-$i" 24h 1
      record_overhead "$mode" "$i" delete "$OVERHEAD_COUNT" "ovh-$mode-$i" 1
    done
  done
  # Pods: the same, in one CI namespace whose baseline is applied (the webhook's validating rule checks it);
  # its quota allows more Pods (the shipped default profile allows 20 Pods and 8 CPUs of limits; the webhook reverts
  # edits of its quota, so the bench runs it with a copy of the shipped profiles file that only raises the quota)
  deregister_webhook
  for i in $(seq 1 "$OVERHEAD_ROUNDS"); do
    for mode in none webhook; do
      overhead_mode "$mode"
      for op in create-pods delete-pods; do
        record_overhead "$mode" "$i" "$op" "$OVERHEAD_COUNT" ovh-pods "pod-$mode-$i" 1
      done
    done
  done
  deregister_webhook
  stop_pid "$WEBHOOK_PID"
}
