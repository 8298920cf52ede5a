#!/usr/bin/env bash
# The seed's shell janitor, as a CronJob would run it, for comparison: list the CI namespaces with kubectl, find
# the expired ones with jq (creationTimestamp + ttl label, grammar <digits><s|m|h|d|w>...), delete them with one
# kubectl call. DRY_RUN=1 only prints them. Prints a summary line on stderr like the janitor's.
set -euo pipefail
now=$(date +%s)
json=$(kubectl get namespaces -l created-by=ci-cd -o json)
expired=$(jq -r --argjson now "$now" '
  def seconds: [scan("([0-9]+)([smhdw])") | (.[0] | tonumber) * {"s":1,"m":60,"h":3600,"d":86400,"w":604800}[.[1]]] | add;
  .items[]
  | select(.metadata.deletionTimestamp == null)
  | select(.metadata.labels.ttl != null and (.metadata.labels.ttl | test("^([0-9]+[smhdw])+$")))
  | select((.metadata.creationTimestamp | fromdateiso8601) + (.metadata.labels.ttl | seconds) < $now)
  | .metadata.name' <<<"$json")
total=$(jq '.items | length' <<<"$json")
count=$(grep -c . <<<"$expired" || true)
if [[ "${DRY_RUN:-0}" == 1 ]]; then
  echo "shell-janitor (dry-run): $total CI namespaces, would delete $count" >&2
elif ((count > 0)); then
  xargs kubectl delete namespace --wait=false <<<"$expired" >/dev/null
  echo "shell-janitor: $total CI namespaces, deleted $count" >&2
else
  echo "shell-janitor: $total CI namespaces, deleted 0" >&2
fi
