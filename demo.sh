#!/usr/bin/env bash
# ephemeral-ns demo: builds what it needs, starts a real control plane (etcd, kube-apiserver,
# kube-controller-manager) on 127.0.0.1, runs the admission webhook and the janitor as the processes they are
# in production, plays a CI pipeline against them, prints what happens, and tears everything down.
#
#   ./demo.sh            the whole story, about two minutes once built
#
# Nothing listens on anything but 127.0.0.1; everything is stopped and removed on exit, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
REPO=$(pwd)

bold=$(tput bold 2>/dev/null || true); dim=$(tput dim 2>/dev/null || true); off=$(tput sgr0 2>/dev/null || true)
say()  { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
note() { printf '%s   %s%s\n' "$dim" "$*" "$off"; }
run()  { printf '%s$ %s%s\n' "$bold" "$*" "$off"; "$@" 2>&1 | sed 's/^/  /'; }
try()  { printf '%s$ %s%s\n' "$bold" "$*" "$off"; if "$@" > "$WORK/out" 2>&1; then sed 's/^/  /' "$WORK/out"; else sed 's/^/  /' "$WORK/out"; note "(refused, as it should be)"; fi; }
. "$REPO/e2e/scripts/local-lib.sh"   # free_port, make_serving_certificate, write_token_kubeconfig, stop_local_processes

WORK=$(mktemp -d -t ephemeral-ns-demo-XXXX)
STATE="$WORK/control-plane"
PIDS=()
cleanup() {
  stop_local_processes
  echo "demo: stopped everything and removed $WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Building and unit-testing the programs; the control plane binaries are cached after the first run"
e2e/scripts/install-prerequisites.sh
e2e/scripts/build-binaries.sh 2>&1 | sed "s/^/  /"
HELM="$(e2e/scripts/build-tools.sh helm 2>/dev/null | tail -1)/helm"
./mvnw -B -q -ntp package -pl janitor,admission-webhook -am
note "janitor and webhook jars built; etcd, kube-apiserver, kube-controller-manager and helm built from Go modules"

say "Starting a real control plane on 127.0.0.1"
e2e/scripts/control-plane.sh up "$STATE" 2>&1 | tail -1 | sed 's/^/  /'
set -a; . "$STATE/env"; set +a
export KUBECONFIG

say "Installing ephemeral-ns with its Helm chart (the programs run here, outside the cluster)"
make_serving_certificate "$WORK/tls" ephemeral-ns-demo-ca
WEBHOOK_PORT=$(free_port)
# janitor.enabled/webhook.enabled=false: no pods (this control plane has no nodes); ServiceAccounts, RBAC and the
# webhook configurations are the chart's, pointed at the local webhook by webhook.clientConfig.url
"$HELM" install ephemeral-ns deploy/helm/ephemeral-ns --namespace ephemeral-ns --create-namespace \
  --set janitor.enabled=false --set webhook.enabled=false \
  --set webhook.clientConfig.url="https://127.0.0.1:$WEBHOOK_PORT" \
  --set webhook.clientConfig.caBundle="$(base64 -w0 < "$WORK/tls/ca.crt")" | grep -E '^(NAME|STATUS)' | sed 's/^/  /'
for component in janitor webhook; do
  write_token_kubeconfig "ephemeral-ns-$component" "$WORK/$component.kubeconfig" 2h
done
note "each program talks to the API server as the chart's ServiceAccount, with only the chart's RBAC"

say "Starting the admission webhook (HTTPS on 127.0.0.1:$WEBHOOK_PORT, certificate from a demo CA)"
# short lifetimes make the demo quick: the shortest accepted ttl is lowered to 5s (the default is 1m)
SHARED=(-Dephemeral-ns.own-namespace=ephemeral-ns -Dephemeral-ns.min-ttl=5s)
KUBECONFIG="$WORK/webhook.kubeconfig" java -Xmx256m "${SHARED[@]}" -Dquarkus.http.host=127.0.0.1 \
  -Dquarkus.http.port="$(free_port)" -Dquarkus.http.ssl-port="$WEBHOOK_PORT" \
  -Dquarkus.tls.key-store.pem.0.cert="$WORK/tls/tls.crt" -Dquarkus.tls.key-store.pem.0.key="$WORK/tls/tls.key" \
  -jar admission-webhook/target/quarkus-app/quarkus-run.jar > "$WORK/webhook.log" 2>&1 &
PIDS+=($!)
until curl -ksf "https://127.0.0.1:$WEBHOOK_PORT/q/health/live" >/dev/null; do sleep 0.3; done
note "webhook up"

say "Starting the janitor (sweeps every 3s here; 60s by default)"
JANITOR_PORT=$(free_port)
KUBECONFIG="$WORK/janitor.kubeconfig" java -Xmx256m "${SHARED[@]}" -Djanitor.interval=3s -Djanitor.leader-election.enabled=true \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$JANITOR_PORT" \
  -jar janitor/target/quarkus-app/quarkus-run.jar > "$WORK/janitor.log" 2>&1 &
PIDS+=($!)
until curl -sf "http://127.0.0.1:$JANITOR_PORT/q/health/live" >/dev/null; do sleep 0.3; done
note "janitor up; GET http://127.0.0.1:$JANITOR_PORT/namespaces lists CI namespaces"

report() {
  curl -sf "http://127.0.0.1:$JANITOR_PORT/namespaces" | python3 -c '
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

say "3. A test breaks out of its limits, or tries to remove the isolation: refused"
until kubectl get serviceaccount default -n "$NS" >/dev/null 2>&1; do sleep 0.3; done
try kubectl run greedy -n "$NS" --image=registry.invalid/app:1 --overrides='{"spec":{"containers":[{"name":"greedy","image":"registry.invalid/app:1","resources":{"limits":{"cpu":"3"}}}]}}'
kubectl create rolebinding ci-bot-admin -n "$NS" --clusterrole=admin --user=ci-bot >/dev/null
try kubectl delete networkpolicy ephemeral-ns-default-deny -n "$NS" --as=ci-bot

say "4. A run fails: the pipeline keeps its namespace for debugging"
run kubectl label namespace "$NS" keep=true
note "kept-at: $(kubectl get ns "$NS" -o jsonpath='{.metadata.annotations.ephemeral-ns\.io/kept-at}') (kept for keep-for=24h, never beyond max-lifetime=7d)"

say "5. Runners are killed and never clean up: the janitor reaps what expired"
for id in 101 102; do
  kubectl create namespace "test-main-run$id" >/dev/null
  kubectl label namespace "test-main-run$id" created-by=ci-cd branch=main commit="$SHA" ttl=10s >/dev/null
done
kubectl label namespace test-main-run102 keep=true >/dev/null
note "two runs with ttl=10s; run102 was kept (keep=true). Right now:"
report
note "waiting for the janitor..."
for _ in $(seq 1 60); do kubectl get ns test-main-run101 >/dev/null 2>&1 || break; sleep 1; done
report
note "events the janitor recorded:"
kubectl get events -n default --field-selector reason=Deleted -o custom-columns=NAMESPACE:.involvedObject.name,MESSAGE:.message --no-headers | sed 's/^/  /'

say "6. What Prometheus scrapes"
curl -sf "http://127.0.0.1:$JANITOR_PORT/q/metrics" | grep -E '^ephemeral_ns_(namespaces|deletions_total|oldest|last_successful)' | sed 's/^/  /'
curl -ksf "https://127.0.0.1:$WEBHOOK_PORT/q/metrics" | grep -E '^ephemeral_ns_(admission_requests_total|baseline_reconciles_total)' | grep -v ' 0.0$' | sed 's/^/  /'

say "Done"
note "logs: janitor and webhook wrote to $WORK (removed on exit). To run against a real cluster, see README.md."
