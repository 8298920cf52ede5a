#!/usr/bin/env bash
# Smoke test of a node started by e2e/scripts/node.sh: what the product's real-cluster tests and the demo rely
# on. Prints one line per check and "N passed, N failed"; exits non-zero on a failure. Leaves nothing behind
# (its namespace is deleted).
#
# Usage: e2e/scripts/node-smoke.sh <state-dir of a running node>
# Checks: a Deployment's pod runs and serves; pod -> ClusterIP Service by DNS name; pod -> pod IP; kubectl logs
# and exec; a pod reaches the API through the `kubernetes` Service, CoreDNS uses it; a Job completes; a default-deny NetworkPolicy
# blocks pod -> pod, an allow policy re-opens it for the selected client only.
set -euo pipefail

(($# == 1)) || { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0" >&2; exit 2; }
[[ -f "$1/env" ]] || { echo "node-smoke: $1/env not found (is the node up?)" >&2; exit 2; }
set -a
# shellcheck disable=SC1091
. "$1/env"
set +a
NS=node-smoke-$$
k() { kubectl --kubeconfig="${KUBECONFIG}" -n "${NS}" "$@"; }
trap 'k delete namespace "${NS}" --ignore-not-found --wait=true --timeout=60s >/dev/null 2>&1 || true' EXIT

# shellcheck source=e2e/scripts/smoke-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/smoke-lib.sh"

# fetch <client pod> <url>: the body, or failure after 3 s (busybox-static 1.35's wget segfaults with -q and
# with -T, so the timeout is busybox's timeout applet)
fetch() { k exec "$1" -- timeout 3 wget -O- "$2" 2>/dev/null; }
serves() { fetch "$1" "$2" | grep -q hello-from-server; }
blocked() { ! fetch "$1" "$2" >/dev/null; }

kubectl --kubeconfig="${KUBECONFIG}" create namespace "${NS}" >/dev/null
k apply -f - >/dev/null <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: server}
spec:
  replicas: 1
  selector: {matchLabels: {app: server}}
  template:
    metadata: {labels: {app: server}}
    spec:
      containers:
        - name: httpd
          image: ${BUSYBOX_IMAGE}
          command: [sh, -c, 'mkdir -p /tmp/www && echo hello-from-server > /tmp/www/index.html && echo serving && exec httpd -f -p 8080 -h /tmp/www']
          readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: server}
spec:
  selector: {app: server}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {role: client}}
spec:
  containers: [{name: sh, image: ${BUSYBOX_IMAGE}, command: [sleep, '3600']}]
  terminationGracePeriodSeconds: 0
---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {role: other}}
spec:
  containers: [{name: sh, image: ${BUSYBOX_IMAGE}, command: [sleep, '3600']}]
  terminationGracePeriodSeconds: 0
---
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: sh, image: ${BUSYBOX_IMAGE}, command: ['true']}]
EOF

check "the Deployment's pod becomes available" k wait --for=condition=Available deployment/server --timeout=90s
check "the client pods run" k wait --for=condition=Ready pod/client pod/other --timeout=60s
SERVER_IP=$(k get pod -l app=server -o jsonpath='{.items[0].status.podIP}')
URL="http://server.${NS}.svc.${CLUSTER_DOMAIN}/"
check "pod -> ClusterIP Service by DNS name" eventually 20 serves client "${URL}"
check "pod -> pod IP" serves client "http://${SERVER_IP}:8080/"
logs_show_start() { k logs deployment/server | grep -qx serving; }
exec_runs() { [[ $(k exec client -- echo exec-works) == exec-works ]]; }
check "kubectl logs" eventually 10 logs_show_start
check "kubectl exec" exec_runs
# (busybox's own TLS client cannot talk to Go's TLS server: the API answers plain HTTP on its port with a 400;
# CoreDNS, which lists Services through the kubernetes Service with TLS and its token, is the in-cluster client)
# (wget exits non-zero on the 400, so its output is kept before it is searched: this script runs with pipefail)
api_answers() {
  local out
  out=$(k exec client -- wget -O- http://kubernetes.default.svc:443/ 2>&1) || true
  grep -q "400 Bad Request" <<<"${out}"
}
check "a pod reaches the API through the kubernetes Service" api_answers
check "CoreDNS (an in-cluster client of the API) is ready" \
  kubectl --kubeconfig="${KUBECONFIG}" -n kube-system wait --for=condition=Available deployment/coredns --timeout=10s
check "a Job completes" k wait --for=condition=Complete job/job --timeout=60s

k apply -f - >/dev/null <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny}
spec:
  podSelector: {}
  policyTypes: [Ingress]
EOF
check "default-deny blocks pod -> pod" eventually 20 blocked client "http://${SERVER_IP}:8080/"
check "default-deny blocks pod -> Service" blocked client "${URL}"
k apply -f - >/dev/null <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]
EOF
check "an allow policy re-opens it for the selected client" eventually 20 serves client "${URL}"
check "a pod the allow policy does not select stays blocked" blocked other "http://${SERVER_IP}:8080/"

# Only addresses the node owns: every listener of its host processes is on 127.0.0.1 or NODE_IP
# (pods listen in their own network namespaces).
stray_listeners() {
  ss -ltnupH | grep -E '"(kubelet|containerd|kube-proxy|kube-router|kube-apiserver|kube-controller|kube-schedule|etcd|registry)"' |
    awk -v ip="${NODE_IP}" '$5 !~ "^(127\\.0\\.0\\.1|" ip "):"' | grep .
}
no_stray_listeners() { ! stray_listeners; }
check "every listener of the node's processes is on 127.0.0.1 or ${NODE_IP}" no_stray_listeners

summary
