#!/usr/bin/env bash
# Smoke test of e2e/scripts/control-plane.sh: up, then check what the end-to-end tests
# rely on, then down. Prints "N passed, N failed" and exits non-zero on a failure.
#
# Usage: e2e/scripts/control-plane-smoke.sh
# Checks: namespaces list; a namespace with a ConfigMap and a ResourceQuota (quota
# status counted); an ownerReference child garbage-collected; RBAC for a service
# account bound to the aggregated `view` ClusterRole, with a real bearer token;
# the namespace deleted and fully gone (namespace controller finalizes); every
# listener on 127.0.0.1; after down no process and no state dir is left.
set -euo pipefail

BIN=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=$(mktemp -d "${TMPDIR:-/tmp}/ephemeral-ns-cp-smoke.XXXXXX")
rmdir "${STATE}" # control-plane.sh up creates it
trap '"${BIN}/control-plane.sh" down "${STATE}" >/dev/null 2>&1 || true' EXIT

# shellcheck source=e2e/scripts/smoke-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/smoke-lib.sh"

start=${SECONDS}
"${BIN}/control-plane.sh" up "${STATE}"
echo "up took $((SECONDS - start))s"
set -a
# shellcheck disable=SC1091
. "${STATE}/env"
set +a
k() { kubectl --kubeconfig="${KUBECONFIG}" "$@"; }

ns=smoke-$$
check "list namespaces" k get ns default
check "create namespace with a ConfigMap" \
  bash -c "kubectl create ns ${ns} && kubectl -n ${ns} create configmap parent --from-literal=a=b"
check "resourcequota controller fills status" eventually 30 bash -c \
  "kubectl -n ${ns} create quota q --hard=configmaps=10 >/dev/null 2>&1; \
   [[ \$(kubectl -n ${ns} get quota q -o jsonpath='{.status.used.configmaps}') =~ ^[0-9]+$ ]]"
uid=$(k -n "${ns}" get configmap parent -o jsonpath='{.metadata.uid}')
k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: child
  namespace: ${ns}
  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: parent, uid: "${uid}"}]
EOF
k -n "${ns}" delete configmap parent >/dev/null
check "garbage collector deletes dependents" eventually 30 bash -c "! kubectl -n ${ns} get configmap child"
k -n "${ns}" create serviceaccount bot >/dev/null
k -n "${ns}" create rolebinding bot-view --clusterrole=view --serviceaccount="${ns}:bot" >/dev/null
check "can-i: service account may list configmaps" eventually 30 bash -c \
  "[[ \$(kubectl auth can-i list configmaps -n ${ns} --as=system:serviceaccount:${ns}:bot) == yes ]]"
check "can-i: service account may not delete namespaces" bash -c \
  "[[ \$(kubectl auth can-i delete namespaces --as=system:serviceaccount:${ns}:bot) == no ]]"
token=$(k -n "${ns}" create token bot)
check "bearer token of the service account authenticates" \
  curl -sf --cacert "${CA_CERT}" -H "Authorization: Bearer ${token}" \
  "${APISERVER_URL}/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt"
k delete ns "${ns}" --wait=false >/dev/null
check "deleted namespace disappears" eventually 60 bash -c "! kubectl get ns ${ns}"
check "all listeners on 127.0.0.1" bash -c \
  "ss -Hltnp | grep -E 'pid=(${ETCD_PID}|${APISERVER_PID}|${KCM_PID}),' | awk '{print \$4}' | \
   grep -v '^127\.0\.0\.1:' | grep -q . && exit 1; \
   ss -Hltnp | grep -qE 'pid=(${ETCD_PID}|${APISERVER_PID}|${KCM_PID}),'"

"${BIN}/control-plane.sh" down "${STATE}"
check "down removes the state dir" test ! -e "${STATE}"
# alive <pid>: the process exists and is not a zombie waiting to be reaped.
alive() { [[ -r /proc/$1/stat ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }
check "down leaves no process" bash -c \
  "$(declare -f alive); ! alive ${ETCD_PID} && ! alive ${APISERVER_PID} && ! alive ${KCM_PID}"
trap - EXIT

summary
