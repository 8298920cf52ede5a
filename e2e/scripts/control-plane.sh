#!/usr/bin/env bash
# A local Kubernetes control plane for the end-to-end tests: etcd, kube-apiserver
# and kube-controller-manager (namespace, garbage-collector, resourcequota,
# serviceaccount, serviceaccount-token, root-ca publisher, clusterrole-aggregation and
# validatingadmissionpolicy-status (type checks of CEL policies) controllers), all on 127.0.0.1
# with free ports; no kubelet, no nodes, no pods run.
#
# Usage:
#   e2e/scripts/control-plane.sh up   <state-dir>   start in the background, return when ready
#   e2e/scripts/control-plane.sh down <state-dir>   stop everything (TERM, then KILL) and remove <state-dir>
#   e2e/scripts/control-plane.sh run  <state-dir>   up, stay in the foreground until Ctrl-C/TERM, then down
#
# <state-dir> must not exist yet (or be empty). After `up` it holds:
#   kubeconfig   admin kubeconfig (client certificate CN=admin, O=system:masters)
#   env          KEY=value lines: KUBECONFIG, APISERVER_URL, APISERVER_PORT, ETCD_URL,
#                ETCD_PORT, CA_CERT, ADMIN_CERT, ADMIN_KEY, *_PID, ...
#                (use `set -a; . <state-dir>/env; set +a` to export them)
#   pki/ logs/*.log *.pid etcd-data/
#
# Binaries: $KUBE_BIN_DIR if set, else e2e/scripts/build-binaries.sh (builds them once,
# cached by version outside the work tree). Environment knobs:
#   CONTROL_PLANE_TIMEOUT   seconds to wait for each component (default 120)
#   KEEP_STATE_ON_FAILURE=1 keep <state-dir> (logs) when `up` fails
#   STOP_GRACE              seconds between TERM and KILL per component (default 10)
#   CONTROL_PLANE_AUDIT=1   kube-apiserver writes an audit log (--audit-policy-file, --audit-log-path): every
#                           request at level Metadata, as JSON lines, in <state-dir>/logs/audit.log (AUDIT_LOG in
#                           env; rotated at 100 MB into audit-<time>.log beside it); off by default. The
#                           benchmarks count the programs' API requests with it
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TIMEOUT=${CONTROL_PLANE_TIMEOUT:-120}
MARKER=.ephemeral-ns-control-plane
COMPONENTS=(kube-controller-manager kube-apiserver etcd) # stop order
LOG_NAME=control-plane
# shellcheck source=e2e/scripts/control-plane-lib.sh
source "${SCRIPT_DIR}/control-plane-lib.sh"
CP_AUDIT=${CONTROL_PLANE_AUDIT:-0}

# --- commands ---------------------------------------------------------------
cmd_up() {
  require_empty_state_dir
  create_state_dir
  local started=${SECONDS}

  local bin_dir
  if [[ -n "${KUBE_BIN_DIR:-}" ]]; then
    bin_dir=${KUBE_BIN_DIR}
  else
    bin_dir=$("${SCRIPT_DIR}/build-binaries.sh") || die "build-binaries.sh failed"
  fi

  start_control_plane "${bin_dir}"

  {
    echo "# Written by e2e/scripts/control-plane.sh up; export with: set -a; . ${STATE}/env; set +a"
    control_plane_env "${bin_dir}"
  } >"${STATE}/env"
  trap - EXIT INT TERM
  log "ready in $((SECONDS - started))s: ${APISERVER_URL}"
  log "kubeconfig: ${STATE}/kubeconfig  env: ${STATE}/env"
}

up_failed() {
  log "up failed; stopping what was started"
  if [[ "${KEEP_STATE_ON_FAILURE:-0}" == 1 ]]; then
    stop_processes
    log "kept ${STATE} (KEEP_STATE_ON_FAILURE=1)"
  else
    cmd_down
  fi
}

cmd_down() {
  existing_state_dir || return 0
  stop_processes
  rm -rf "${STATE}"
  log "stopped; removed ${STATE}"
}

cmd_run() {
  run_until_stopped etcd kube-apiserver kube-controller-manager
}

launcher_main "$@"
