#!/usr/bin/env bash
# The one path by which this repository installs the product's Helm chart (release ephemeral-ns in namespace
# ephemeral-ns), in either of its two shapes:
#
# Local (`up`, `chart`, `down`): on a local control plane (e2e/scripts/control-plane.sh), with the two programs
# meant to run as processes outside the cluster: the end-to-end suite and the benchmarks. The chart installed as
# an operator installs it, but with janitor.enabled=false and webhook.enabled=false and the webhook configurations
# pointed at https://127.0.0.1:<WEBHOOK_PORT> (webhook.clientConfig.url, the chart's documented value for this), so
# that the chart's ServiceAccounts, RBAC, admission policies and webhook configurations are used, not copies; a
# serving certificate for that webhook from a CA of its own; one token kubeconfig per program (TokenRequest API),
# the way a program outside the cluster is pointed at one. Starting the programs is the caller's (each starts them
# with its own settings).
#
# In the cluster (`in-cluster`, `uninstall`): on a cluster with nodes (the real node of e2e/scripts/node.sh: the
# demo and the real-node suite), the programs running as the chart's pods, the images from a registry.
#
# Usage:
#   e2e/scripts/install.sh up    <state-dir> [key=value ...]   control plane, certificate, chart (helm --set each
#                                                              key=value), token kubeconfigs; return when done
#   e2e/scripts/install.sh chart <state-dir> [--webhook-url <url>] [key=value ...]
#                                                              helm upgrade again, from the chart's defaults plus
#                                                              the local-program settings (webhook configurations
#                                                              pointed at <url>, default WEBHOOK_URL) and key=value
#   e2e/scripts/install.sh down  <state-dir>   webhook configurations deleted, then helm uninstall (the chart
#                                              README's order), control plane stopped, <state-dir> removed
#   e2e/scripts/install.sh env   <state-dir>   print the env file
#   e2e/scripts/install.sh free-port [n]       print n (default 1) distinct free TCP ports on 127.0.0.1
#   e2e/scripts/install.sh in-cluster <kubeconfig> [--registry <r>] [--tag <t>] [--no-wait] [helm args ...]
#                        helm upgrade --install --wait with the pods in the cluster: the chart's defaults plus
#                        global.image.registry=<r> and global.image.tag=<t> (when given) plus the helm args
#                        (--set k=v, -f file); every call from the chart's defaults. Prints helm's report; on
#                        failure the helm output, the release namespace's pods and events, and the pods' logs.
#                        --no-wait: return once the objects are applied (a cluster whose pods never run: the
#                        end-to-end suite's dead-webhook scenario on a control plane without nodes)
#   e2e/scripts/install.sh uninstall <kubeconfig> [--keep-namespace]
#                        the chart README's order: webhook configurations, helm uninstall --wait, the release's
#                        namespace (kept with --keep-namespace). CI namespaces stay (the README: delete them
#                        first, while the janitor runs)
#
# <state-dir> must not exist yet (or be empty). After `up` it holds:
#   env          KEY=value lines: those of control-plane.sh (KUBECONFIG, APISERVER_URL, CA_CERT, ADMIN_CERT, ...)
#                and HELM, RELEASE_NAMESPACE, WEBHOOK_PORT, WEBHOOK_URL, TLS_CERT, TLS_KEY, TLS_CA, CA_BUNDLE,
#                JANITOR_KUBECONFIG, WEBHOOK_KUBECONFIG (export them with `set -a; . <state-dir>/env; set +a`)
#   control-plane/  control-plane.sh's state directory
#   tls/         the webhook's serving certificate (tls.crt, tls.key) and its CA (ca.crt)
#   janitor.kubeconfig webhook.kubeconfig   logs/
# `in-cluster` and `uninstall` keep their logs in a temporary directory, removed on every exit path.
# Environment knobs: INSTALL_TIMEOUT (seconds per helm call, default 300), INSTALL_TOKEN_DURATION (the tokens'
# lifetime, default 6h), KEEP_STATE_ON_FAILURE=1 (keep <state-dir> when `up` fails), and control-plane.sh's
# (CONTROL_PLANE_AUDIT=1: the API server's audit log, AUDIT_LOG in env).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "${SCRIPT_DIR}/../.." && pwd)
CHART="${REPO}/deploy/helm/ephemeral-ns"
RELEASE=ephemeral-ns
NAMESPACE=ephemeral-ns
TIMEOUT=${INSTALL_TIMEOUT:-300}
MARKER=.ephemeral-ns-install
LOG_NAME=install
# shellcheck source=e2e/scripts/control-plane-lib.sh
source "${SCRIPT_DIR}/control-plane-lib.sh"

# load_env_from <file>: export its KEY=value lines
load_env_from() {
  set -a
  # shellcheck disable=SC1090
  . "$1"
  set +a
}

load_env() {
  [[ -f "${STATE}/env" ]] || die "${STATE}/env not found (run '$0 up ${STATE}' first)"
  load_env_from "${STATE}/env"
}

# use_helm: HELM, the helm binary built and cached by build-tools.sh
use_helm() {
  local helm_dir
  helm_dir=$("${SCRIPT_DIR}/build-tools.sh" helm 2>"${STATE}/logs/build-tools.log" | tail -n 1) ||
    { tail_log build-tools; die "build-tools.sh helm failed"; }
  HELM="${helm_dir}/helm"
}

# helm_upgrade [helm args ...]: helm upgrade --install of the release with KUBECONFIG, every call from the chart's
# defaults (--reset-values) plus the given arguments, bounded by TIMEOUT; output in logs/helm.log, its tail on failure
helm_upgrade() {
  "${HELM}" --kubeconfig "${KUBECONFIG}" upgrade --install "${RELEASE}" "${CHART}" \
    --namespace "${NAMESPACE}" --create-namespace --reset-values --timeout "${TIMEOUT}s" \
    "$@" >"${STATE}/logs/helm.log" 2>&1 || { tail_log helm; return 1; }
}

# helm_uninstall: the chart README's order: the webhook configurations first (nothing left pointing at a webhook
# that is going away), then helm uninstall --wait; false when either fails (both are tried)
helm_uninstall() {
  local rc=0
  kubectl --kubeconfig "${KUBECONFIG}" delete mutatingwebhookconfiguration,validatingwebhookconfiguration \
    "${RELEASE}" --ignore-not-found >"${STATE}/logs/uninstall-webhooks.log" 2>&1 || { tail_log uninstall-webhooks; rc=1; }
  "${HELM}" --kubeconfig "${KUBECONFIG}" uninstall "${RELEASE}" --namespace "${NAMESPACE}" --wait \
    --timeout "${TIMEOUT}s" >"${STATE}/logs/helm-uninstall.log" 2>&1 || { tail_log helm-uninstall; rc=1; }
  return "${rc}"
}

# helm_install <webhook url> [key=value ...]: the local install: programs outside the cluster, webhook
# configurations pointed at <url>
helm_install() {
  local url=$1 setting args=()
  shift
  for setting in "$@"; do args+=(--set "${setting}"); done
  helm_upgrade --set janitor.enabled=false --set webhook.enabled=false \
    --set webhook.clientConfig.url="${url}" --set webhook.clientConfig.caBundle="${CA_BUNDLE}" \
    "${args[@]}" || die "helm upgrade --install failed"
}

# write_token_kubeconfig <serviceaccount> <file>: a kubeconfig for ServiceAccount <namespace>/<serviceaccount>
# with a token from the TokenRequest API
write_token_kubeconfig() {
  local token
  token=$(kubectl --kubeconfig "${KUBECONFIG}" create token "$1" -n "${NAMESPACE}" \
    --duration="${INSTALL_TOKEN_DURATION:-6h}") || die "no token for ServiceAccount $1"
  cat >"$2" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: ${APISERVER_URL}
    certificate-authority: ${CA_CERT}
users:
- name: $1
  user:
    token: ${token}
contexts:
- name: $1
  context:
    cluster: local
    user: $1
    namespace: ${NAMESPACE}
current-context: $1
EOF
}

# --- commands ---------------------------------------------------------------
cmd_up() {
  require_empty_state_dir
  create_state_dir
  local started=${SECONDS}

  use_helm
  "${SCRIPT_DIR}/control-plane.sh" up "${STATE}/control-plane" 2>"${STATE}/logs/control-plane.log" ||
    { tail_log control-plane; die "control-plane.sh up failed"; }
  load_env_from "${STATE}/control-plane/env"

  make_serving_certificate "${STATE}/tls" ephemeral-ns-webhook-ca
  CA_BUNDLE=$(base64 -w0 <"${STATE}/tls/ca.crt")
  WEBHOOK_PORT=$(free_ports 1)
  WEBHOOK_URL="https://127.0.0.1:${WEBHOOK_PORT}"
  log "helm install ${RELEASE} (programs outside the cluster, webhook configurations -> ${WEBHOOK_URL})"
  helm_install "${WEBHOOK_URL}" "$@"
  write_token_kubeconfig ephemeral-ns-janitor "${STATE}/janitor.kubeconfig"
  write_token_kubeconfig ephemeral-ns-webhook "${STATE}/webhook.kubeconfig"

  {
    echo "# Written by e2e/scripts/install.sh up; export with: set -a; . ${STATE}/env; set +a"
    grep -v '^#' "${STATE}/control-plane/env"
    echo "INSTALL_STATE=${STATE}"
    echo "HELM=${HELM}"
    echo "RELEASE_NAMESPACE=${NAMESPACE}"
    echo "WEBHOOK_PORT=${WEBHOOK_PORT}"
    echo "WEBHOOK_URL=${WEBHOOK_URL}"
    echo "TLS_CERT=${STATE}/tls/tls.crt"
    echo "TLS_KEY=${STATE}/tls/tls.key"
    echo "TLS_CA=${STATE}/tls/ca.crt"
    echo "CA_BUNDLE=${CA_BUNDLE}"
    echo "JANITOR_KUBECONFIG=${STATE}/janitor.kubeconfig"
    echo "WEBHOOK_KUBECONFIG=${STATE}/webhook.kubeconfig"
  } >"${STATE}/env"
  trap - EXIT INT TERM
  log "ready in $((SECONDS - started))s: ${APISERVER_URL}, env: ${STATE}/env"
}

up_failed() {
  log "up failed; removing what was installed"
  if [[ "${KEEP_STATE_ON_FAILURE:-0}" == 1 ]]; then
    KEEP_STATE_ON_FAILURE=1 "${SCRIPT_DIR}/control-plane.sh" down "${STATE}/control-plane" >/dev/null 2>&1 || true
    log "kept ${STATE} (KEEP_STATE_ON_FAILURE=1)"
  else
    cmd_down
  fi
}

cmd_chart() {
  load_env
  local url=${WEBHOOK_URL}
  if [[ "${1:-}" == --webhook-url ]]; then
    (($# >= 2)) || usage
    url=$2
    shift 2
  fi
  helm_install "${url}" "$@"
}

cmd_down() {
  existing_state_dir || return 0
  local rc=0
  # only when the chart is installed (up finished) and the API server still answers
  if [[ -f "${STATE}/env" ]]; then
    load_env
    if kubectl get --raw /readyz >/dev/null 2>&1; then
      log "uninstall: webhook configurations first, then helm uninstall"
      helm_uninstall || rc=1
      ((rc == 0)) || log "ERROR: helm uninstall failed; stopping the control plane all the same"
    fi
  fi
  if [[ -d "${STATE}/control-plane" ]]; then
    "${SCRIPT_DIR}/control-plane.sh" down "${STATE}/control-plane" 2>"${STATE}/logs/control-plane-down.log" ||
      { tail_log control-plane-down; rc=1; }
  fi
  rm -rf "${STATE}"
  log "stopped; removed ${STATE}"
  return "${rc}"
}

# --- in the cluster ----------------------------------------------------------
# in_cluster_state <kubeconfig>: KUBECONFIG (absolute, exported), STATE a temporary directory for the logs
# (removed on every exit path), HELM
in_cluster_state() {
  [[ -f "$1" ]] || die "kubeconfig $1 not found"
  KUBECONFIG="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
  export KUBECONFIG
  STATE=$(mktemp -d -t ephemeral-ns-install-XXXXXX)
  mkdir -p "${STATE}/logs"
  trap 'rm -rf "${STATE}"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  use_helm
}

# release_diagnostics: what explains a failed install, on stderr: the release namespace's pods and recent events,
# and each pod's last log lines (each kubectl call bounded)
release_diagnostics() {
  local k=(kubectl --request-timeout=10s -n "${NAMESPACE}") pod
  {
    echo "----- pods and recent events in namespace ${NAMESPACE} -----"
    "${k[@]}" get pods -o wide 2>&1
    "${k[@]}" get events --sort-by=.lastTimestamp 2>&1 | tail -n 30
    for pod in $("${k[@]}" get pods -o name 2>/dev/null); do
      echo "----- last 20 log lines of ${pod} -----"
      "${k[@]}" logs "${pod}" --all-containers --tail=20 2>&1
    done
    echo "-----"
  } >&2 || true
}

cmd_in_cluster() {
  local kubeconfig=$1 wait=(--wait) args=()
  shift
  while (($# > 0)); do
    case "$1" in
      --no-wait) wait=(); shift ;;
      --registry) (($# >= 2)) || usage; args+=(--set "global.image.registry=$2"); shift 2 ;;
      --tag) (($# >= 2)) || usage; args+=(--set "global.image.tag=$2"); shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  in_cluster_state "${kubeconfig}"
  log "helm upgrade --install ${RELEASE} ${wait[*]} (the programs as pods of the cluster)"
  if ! helm_upgrade "${wait[@]}" "${args[@]}"; then
    release_diagnostics
    die "helm upgrade --install ${wait[*]} failed"
  fi
  cat "${STATE}/logs/helm.log"
}

cmd_uninstall() {
  local keep_namespace=0
  case "${2:-}" in
    "") ;;
    --keep-namespace) keep_namespace=1 ;;
    *) usage ;;
  esac
  in_cluster_state "$1"
  local then_namespace=", then namespace ${NAMESPACE}"
  ((keep_namespace == 0)) || then_namespace=" (namespace ${NAMESPACE} kept)"
  log "uninstall: webhook configurations first, then helm uninstall${then_namespace}"
  helm_uninstall || die "uninstall failed"
  if ((keep_namespace == 0)); then
    kubectl delete namespace "${NAMESPACE}" --ignore-not-found --timeout="${TIMEOUT}s" \
      >"${STATE}/logs/namespace.log" 2>&1 || { tail_log namespace; die "deleting namespace ${NAMESPACE} failed"; }
  fi
}

case "${1:-}" in
  in-cluster)
    (($# >= 2)) || usage
    cmd_in_cluster "${@:2}"
    exit 0 ;;
  uninstall)
    (($# == 2 || $# == 3)) || usage
    cmd_uninstall "${@:2}"
    exit 0 ;;
  free-port)
    (($# <= 2)) || usage
    free_ports "${2:-1}"
    exit 0 ;;
esac
(($# >= 2)) || usage
STATE=${2%/}
[[ -n "${STATE}" ]] || usage
case "$1" in
  up) cmd_up "${@:3}" ;;
  chart) cmd_chart "${@:3}" ;;
  down) (($# == 2)) || usage; cmd_down ;;
  env) (($# == 2)) || usage; load_env; cat "${STATE}/env" ;;
  *) usage ;;
esac
