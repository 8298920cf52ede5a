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
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TIMEOUT=${CONTROL_PLANE_TIMEOUT:-120}
MARKER=.ephemeral-ns-control-plane
COMPONENTS=(kube-controller-manager kube-apiserver etcd) # stop order

log() { echo "control-plane: $*" >&2; }
die() { echo "control-plane: ERROR: $*" >&2; exit 1; }

# Print the header comment (everything from line 2 up to the first non-comment line).
usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}" >&2; exit 2; }

# Print n free TCP ports on 127.0.0.1 (all held open at once, so they are distinct).
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

tail_log() {
  local f="${STATE}/logs/$1.log"
  if [[ -f "${f}" ]]; then
    echo "----- last 40 lines of ${f} -----" >&2
    tail -n 40 "${f}" >&2
    echo "-----" >&2
  fi
}

# pid_of <component>: the pid if the process recorded in <component>.pid still runs that binary.
pid_of() {
  local pidfile="${STATE}/$1.pid" pid
  [[ -f "${pidfile}" ]] || return 1
  pid=$(<"${pidfile}")
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  local argv0=""
  { IFS= read -r -d '' argv0 <"/proc/${pid}/cmdline"; } 2>/dev/null || true
  [[ "${argv0}" == */"$1" ]] || return 1
  echo "${pid}"
}

# start <component> <binary> args...: run it detached (own session), log to logs/<component>.log.
start() {
  local name=$1; shift
  log "starting ${name}"
  # shellcheck disable=SC2016 # $$ and $@ are expanded by the inner bash
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "${STATE}/${name}.pid" "$@" \
    >"${STATE}/logs/${name}.log" 2>&1 </dev/null &
  disown $! # no job-status noise from this shell when it is stopped later
  for _ in $(seq 50); do pid_of "${name}" >/dev/null && return 0; sleep 0.1; done
  tail_log "${name}"
  die "${name} did not start"
}

# wait_for <component> <description> <command...>: poll until the command succeeds.
wait_for() {
  local name=$1 what=$2; shift 2
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ! pid_of "${name}" >/dev/null; then
      tail_log "${name}"
      die "${name} exited while waiting for ${what}"
    fi
    if ((SECONDS >= deadline)); then
      tail_log "${name}"
      die "timed out after ${TIMEOUT}s waiting for ${what}"
    fi
    sleep 0.5
  done
}

# --- certificates -----------------------------------------------------------
gen_certs() {
  local pki="${STATE}/pki"
  mkdir -p "${pki}"
  (
    cd "${pki}"
    openssl genrsa -out ca.key 2048
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=ephemeral-ns-e2e-ca" -out ca.crt
    # sign <name> <subject> <extensions>
    sign() {
      openssl genrsa -out "$1.key" 2048
      openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
        -extfile "$1.ext" -out "$1.crt"
      rm -f "$1.csr" "$1.ext"
    }
    sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
    sign admin "/O=system:masters/CN=admin" "${client}"
    sign kube-controller-manager "/CN=system:kube-controller-manager" "${client}"
    # service-account token signing key pair
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >"${STATE}/logs/openssl.log" 2>&1 || { tail_log openssl; die "certificate generation failed"; }
}

# write_kubeconfig <file> <user> <cert> <key>
write_kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: ${APISERVER_URL}
    certificate-authority: ${STATE}/pki/ca.crt
users:
- name: $2
  user:
    client-certificate: $3
    client-key: $4
contexts:
- name: e2e
  context:
    cluster: e2e
    user: $2
    namespace: default
current-context: e2e
EOF
}

api_get() {
  curl -sf --max-time 5 --cacert "${STATE}/pki/ca.crt" \
    --cert "${STATE}/pki/admin.crt" --key "${STATE}/pki/admin.key" "${APISERVER_URL}$1"
}

# --- commands ---------------------------------------------------------------
cmd_up() {
  if [[ -e "${STATE}" ]] && [[ -n "$(ls -A "${STATE}")" ]]; then
    die "${STATE} exists and is not empty (run '$0 down ${STATE}' first)"
  fi
  mkdir -p "${STATE}/logs"
  STATE=$(cd "${STATE}" && pwd)
  touch "${STATE}/${MARKER}"
  trap 'rc=$?; if ((rc != 0)); then up_failed; fi' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local started=${SECONDS}

  local bin_dir
  if [[ -n "${KUBE_BIN_DIR:-}" ]]; then
    bin_dir=${KUBE_BIN_DIR}
  else
    bin_dir=$("${SCRIPT_DIR}/build-binaries.sh") || die "build-binaries.sh failed"
  fi
  local c
  for c in etcd kube-apiserver kube-controller-manager; do
    [[ -x "${bin_dir}/${c}" ]] || die "${bin_dir}/${c} not found (run e2e/scripts/build-binaries.sh)"
  done

  local etcd_port etcd_peer_port apiserver_port kcm_port
  read -r etcd_port etcd_peer_port apiserver_port kcm_port <<<"$(free_ports 4)"
  APISERVER_URL="https://127.0.0.1:${apiserver_port}"
  local etcd_url="http://127.0.0.1:${etcd_port}" etcd_peer_url="http://127.0.0.1:${etcd_peer_port}"
  local pki="${STATE}/pki"

  gen_certs
  write_kubeconfig "${STATE}/kubeconfig" admin "${pki}/admin.crt" "${pki}/admin.key"
  write_kubeconfig "${STATE}/kube-controller-manager.kubeconfig" system:kube-controller-manager \
    "${pki}/kube-controller-manager.crt" "${pki}/kube-controller-manager.key"

  start etcd "${bin_dir}/etcd" \
    --name=e2e \
    --data-dir="${STATE}/etcd-data" \
    --listen-client-urls="${etcd_url}" \
    --advertise-client-urls="${etcd_url}" \
    --listen-peer-urls="${etcd_peer_url}" \
    --initial-advertise-peer-urls="${etcd_peer_url}" \
    --initial-cluster="e2e=${etcd_peer_url}" \
    --unsafe-no-fsync=true \
    --log-level=warn
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  wait_for etcd "etcd health on ${etcd_url}" \
    bash -c 'curl -sf --max-time 2 "$1/health" | grep -q "\"health\":\"true\""' _ "${etcd_url}"

  start kube-apiserver "${bin_dir}/kube-apiserver" \
    --etcd-servers="${etcd_url}" \
    --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 \
    --secure-port="${apiserver_port}" \
    --cert-dir="${pki}" \
    --tls-cert-file="${pki}/apiserver.crt" \
    --tls-private-key-file="${pki}/apiserver.key" \
    --client-ca-file="${pki}/ca.crt" \
    --service-cluster-ip-range=10.0.0.0/24 \
    --allow-privileged=true \
    --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="${pki}/sa.pub" \
    --service-account-signing-key-file="${pki}/sa.key" \
    --endpoint-reconciler-type=none
  wait_for kube-apiserver "kube-apiserver /readyz on ${APISERVER_URL}" api_get /readyz

  start kube-controller-manager "${bin_dir}/kube-controller-manager" \
    --kubeconfig="${STATE}/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="${STATE}/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="${STATE}/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="${kcm_port}" \
    --cert-dir="${pki}/kube-controller-manager-serving" \
    --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="${pki}/sa.key" \
    --root-ca-file="${pki}/ca.crt" \
    --controllers=namespace-controller,garbage-collector-controller,resourcequota-controller,serviceaccount-controller,serviceaccount-token-controller,root-ca-certificate-publisher-controller,clusterrole-aggregation-controller,validatingadmissionpolicy-status-controller
  wait_for kube-controller-manager "ServiceAccount default/default (created by kube-controller-manager)" \
    api_get /api/v1/namespaces/default/serviceaccounts/default
  wait_for kube-controller-manager "ConfigMap default/kube-root-ca.crt (published by kube-controller-manager)" \
    api_get /api/v1/namespaces/default/configmaps/kube-root-ca.crt

  {
    echo "# Written by e2e/scripts/control-plane.sh up; export with: set -a; . ${STATE}/env; set +a"
    echo "STATE_DIR=${STATE}"
    echo "KUBECONFIG=${STATE}/kubeconfig"
    echo "APISERVER_URL=${APISERVER_URL}"
    echo "APISERVER_PORT=${apiserver_port}"
    echo "ETCD_URL=${etcd_url}"
    echo "ETCD_PORT=${etcd_port}"
    echo "ETCD_PEER_PORT=${etcd_peer_port}"
    echo "KCM_PORT=${kcm_port}"
    echo "CA_CERT=${pki}/ca.crt"
    echo "ADMIN_CERT=${pki}/admin.crt"
    echo "ADMIN_KEY=${pki}/admin.key"
    echo "SERVICE_ACCOUNT_KEY=${pki}/sa.key"
    echo "ETCD_PID=$(pid_of etcd)"
    echo "APISERVER_PID=$(pid_of kube-apiserver)"
    echo "KCM_PID=$(pid_of kube-controller-manager)"
    echo "KUBE_BIN_DIR=${bin_dir}"
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

# Stop the components one after the other (controller-manager, apiserver, etcd):
# TERM, then KILL after STOP_GRACE seconds. The apiserver shuts down in ~1 s once
# its clients are gone, but can take 60 s while the controller-manager still runs.
stop_processes() {
  local c pid deadline
  for c in "${COMPONENTS[@]}"; do
    pid=$(pid_of "${c}") || continue
    log "stopping ${c} (pid ${pid})"
    kill -TERM "${pid}" 2>/dev/null || true
    deadline=$((SECONDS + ${STOP_GRACE:-10}))
    while pid_of "${c}" >/dev/null; do
      if ((SECONDS >= deadline)); then
        log "killing ${c} (pid ${pid}) after ${STOP_GRACE:-10}s"
        kill -KILL "${pid}" 2>/dev/null || true
        sleep 0.2
        break
      fi
      sleep 0.1
    done
  done
}

cmd_down() {
  [[ -d "${STATE}" ]] || { log "${STATE} does not exist; nothing to stop"; return 0; }
  STATE=$(cd "${STATE}" && pwd)
  [[ -f "${STATE}/${MARKER}" ]] || die "${STATE} was not created by control-plane.sh up; not touching it"
  stop_processes
  rm -rf "${STATE}"
  log "stopped; removed ${STATE}"
}

cmd_run() {
  cmd_up
  trap 'trap - EXIT INT TERM; cmd_down' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  log "running; press Ctrl-C to stop"
  cat "${STATE}/env"
  local c
  while :; do
    for c in etcd kube-apiserver kube-controller-manager; do
      if ! pid_of "${c}" >/dev/null; then
        tail_log "${c}"
        die "${c} exited"
      fi
    done
    sleep 2 &
    wait $! || true
  done
}

(($# == 2)) || usage
STATE=${2%/}
[[ -n "${STATE}" ]] || usage
case "$1" in
  up) cmd_up ;;
  down) cmd_down ;;
  run) cmd_run ;;
  *) usage ;;
esac
