#!/usr/bin/env bash
# ephemeral-ns demo: builds what it needs, starts a real single-node Kubernetes cluster on this machine
# (e2e/scripts/node.sh: containerd, kubelet, kube-proxy, kube-router for NetworkPolicies, CoreDNS, a local
# registry), pushes the programs' images to its registry, installs the Helm chart for real, plays a CI pipeline
# against it, prints what happens, and tears everything down.
#
#   sudo ./demo.sh       the whole story, about 5 minutes once built (the node needs root)
#
# The node leaves the host as it found it (node.sh down), also on Ctrl-C or failure.
set -euo pipefail
cd "$(dirname "$0")"
REPO=$(pwd)

bold=$(tput bold 2>/dev/null || true); dim=$(tput dim 2>/dev/null || true); off=$(tput sgr0 2>/dev/null || true)
say()  { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
note() { printf '%s   %s%s\n' "$dim" "$*" "$off"; }
run()  { printf '%s$ %s%s\n' "$bold" "$*" "$off"; "$@" 2>&1 | sed 's/^/  /'; }
try()  { printf '%s$ %s%s\n' "$bold" "$*" "$off"; if "$@" > "$WORK/out" 2>&1; then sed 's/^/  /' "$WORK/out"; else sed 's/^/  /' "$WORK/out"; note "(refused, as it should be)"; fi; }

[[ $(id -u) -eq 0 ]] || { echo "demo: the single-node cluster needs root (containerd, kubelet, iptables): sudo ./demo.sh" >&2; exit 1; }
WORK=$(mktemp -d -t ephemeral-ns-demo-XXXX)
STATE="$WORK/node"
cleanup() {
  set +e
  [[ -f "$STATE/env" ]] && "$REPO/e2e/scripts/node.sh" down "$STATE" >/dev/null 2>&1
  rm -rf "$WORK"
  echo "demo: stopped the node, left the host as it was, removed $WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Building and unit-testing the programs; the cluster's binaries are cached after the first run"
e2e/scripts/install-prerequisites.sh
e2e/scripts/build-tools.sh helm >/dev/null 2>&1  # e2e/scripts/install.sh installs the chart with it
./mvnw -B -q -ntp package -pl janitor,admission-webhook -am
note "janitor and webhook built; Kubernetes, kube-router, CoreDNS, the registry and helm are built from Go modules"

say "Starting a real single-node cluster on this machine"
e2e/scripts/node.sh up "$STATE" > "$WORK/node-up.log" 2>&1 || { cat "$WORK/node-up.log"; exit 1; }
tail -1 "$WORK/node-up.log" | sed 's/^/  /'
set -a; . "$STATE/env"; set +a
export KUBECONFIG
run kubectl get nodes -o wide

say "Building the images and pushing them to the node's registry ($REGISTRY)"
images/build.sh push "$REGISTRY" --tag demo > "$WORK/images.log" 2>&1 || { cat "$WORK/images.log"; exit 1; }
tail -1 "$WORK/images.log" | sed 's/^/  /'

say "Installing ephemeral-ns with its Helm chart: the programs run as pods of the cluster"
# short lifetimes make the demo quick: the shortest accepted ttl is lowered to 5s (default 1m), sweeps every 3s
e2e/scripts/install.sh in-cluster "$KUBECONFIG" --registry "$REGISTRY" --tag demo \
  --set ciNamespaces.minTtl=5s --set janitor.interval=3s | grep -E '^(NAME|STATUS)' | sed 's/^/  /'
run kubectl get pods,services,poddisruptionbudgets -n ephemeral-ns
note "the webhook's two pods serve the API server through their Service, with the certificate the chart generated"

# the janitor's report and both programs' metrics, through the API server's proxy to their Service and pods
janitor_get() { kubectl get --raw "/api/v1/namespaces/ephemeral-ns/services/http:ephemeral-ns-janitor:8080/proxy$1"; }
report() {
  janitor_get /namespaces | python3 -c '
import json, sys
rows = json.load(sys.stdin)["namespaces"]  # as of the last sweep ("sweptAt")
print("  %-32s %-11s %-6s %-21s %s" % ("NAMESPACE", "STATE", "TTL", "EXPIRES AT", "BRANCH"))
for r in rows:
    print("  %-32s %-11s %-6s %-21s %s" % (r["name"], r["state"], r["ttl"] or "-", r["expiresAt"] or "never", r["branch"] or "-"))
if not rows:
    print("  (no CI namespaces)")'
}

SHA=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
NS="test-feature-login-${SHA:0:7}"
say "1. A pipeline creates its namespace exactly as before (the seed's commands, unchanged)"
run kubectl create namespace "$NS"
run kubectl label namespace "$NS" created-by=ci-cd branch=feature-login commit="$SHA" ttl=24h
run kubectl wait --for=jsonpath='{.metadata.annotations.ephemeral-ns\.io/baseline}'=applied ns/"$NS" --timeout=60s
note "the webhook stamped the expiry and marked it managed; the reconciler applied the isolation baseline:"
kubectl get ns "$NS" -o json | python3 -c '
import json, sys
m = json.load(sys.stdin)["metadata"]
for k, v in sorted({**m["labels"], **m["annotations"]}.items()):
    if k.startswith("ephemeral-ns.io/") or k in ("ttl", "created-by"):
        print("   %-28s %s" % (k, v))'
run kubectl get resourcequota,limitrange,networkpolicy -n "$NS"

say "2. A pipeline that forgets the TTL is refused, with a message that says how to fix it"
try kubectl create -f - <<YAML
apiVersion: v1
kind: Namespace
metadata:
  name: test-no-ttl-${SHA:0:7}
  labels: {created-by: ci-cd}
YAML
try kubectl label namespace "$NS" ttl=24H --overwrite

say "3. Isolation on a real network: the run's pods reach each other, not production"
kubectl create namespace production >/dev/null
for ns in production "$NS"; do
  until kubectl get serviceaccount default -n "$ns" >/dev/null 2>&1; do sleep 0.3; done
done
kubectl run prod -n production --image="$REGISTRY/ephemeral-ns/prod-http:demo" --port=8080 --expose >/dev/null
kubectl run app -n "$NS" --image="$REGISTRY/ephemeral-ns/prod-http:demo" --port=8080 --expose >/dev/null
kubectl run client -n "$NS" --image="$REGISTRY/ephemeral-ns/tools:demo" >/dev/null
kubectl wait --for=condition=Ready pod/prod -n production --timeout=120s >/dev/null
kubectl wait --for=condition=Ready pod/app pod/client -n "$NS" --timeout=120s >/dev/null
run kubectl exec -n "$NS" client -- curl -sS -m 3 -w ' (HTTP %{http_code})\n' http://app:8080/
note "allowed: the same namespace (ephemeral-ns-allow-same-namespace)"
try kubectl exec -n "$NS" client -- curl -sS -m 3 http://prod.production.svc.cluster.local:8080/
note "refused: the production Service of an ordinary namespace is out of a CI namespace's reach (ephemeral-ns-default-deny)"

say "4. A test breaks out of its limits, or tries to remove the isolation: refused"
try kubectl run greedy -n "$NS" --image="$REGISTRY/ephemeral-ns/tools:demo" --overrides='{"spec":{"containers":[{"name":"greedy","image":"'"$REGISTRY"'/ephemeral-ns/tools:demo","resources":{"limits":{"cpu":"3"}}}]}}'
kubectl create rolebinding ci-bot-admin -n "$NS" --clusterrole=admin --user=ci-bot >/dev/null
try kubectl delete networkpolicy ephemeral-ns-default-deny -n "$NS" --as=ci-bot

say "5. A run fails: the pipeline keeps its namespace for debugging"
run kubectl label namespace "$NS" keep=true
note "kept-at: $(kubectl get ns "$NS" -o jsonpath='{.metadata.annotations.ephemeral-ns\.io/kept-at}') (kept for keep-for=24h, never beyond max-lifetime=7d)"

say "6. Runners are killed and never clean up: the janitor reaps what expired"
for id in 101 102; do
  kubectl create namespace "test-main-run$id" >/dev/null
  kubectl label namespace "test-main-run$id" created-by=ci-cd branch=main commit="$SHA" ttl=10s >/dev/null
done
kubectl label namespace test-main-run102 keep=true >/dev/null
note "two runs with ttl=10s; run102 was kept (keep=true). Right now:"
report
note "waiting for the janitor..."
for _ in $(seq 1 90); do kubectl get ns test-main-run101 >/dev/null 2>&1 || break; sleep 1; done
report
note "events the janitor recorded:"
kubectl get events -n default --field-selector reason=Deleted -o custom-columns=NAMESPACE:.involvedObject.name,MESSAGE:.message --no-headers | sed 's/^/  /'

say "7. What Prometheus scrapes"
janitor_get /q/metrics | grep -E '^ephemeral_ns_(namespaces|deletions_total|oldest|last_successful)' | sed 's/^/  /'
for pod in $(kubectl get pods -n ephemeral-ns -l app.kubernetes.io/component=webhook -o name); do
  kubectl get --raw "/api/v1/namespaces/ephemeral-ns/pods/https:${pod#pod/}:8443/proxy/q/metrics" |
    grep -E '^ephemeral_ns_(admission_requests_total|baseline_reconciles_total)' | grep -v ' 0.0$' | sed "s|^|  ${pod#pod/} |"
done

say "Done"
note "to run against your own cluster, see README.md and deploy/helm/ephemeral-ns/README.md."
