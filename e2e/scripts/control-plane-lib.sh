# shellcheck shell=bash
# Shared by control-plane.sh, node.sh and install.sh (sourced, not run): detached components with pid files and
# logs, bounded waits, free ports and certificates (the only places they are made), kubeconfigs, and the control
# plane itself (etcd, kube-apiserver, kube-controller-manager and, for a node, kube-scheduler).
#
# The caller sets before use: STATE (absolute state dir), TIMEOUT (seconds per wait), LOG_NAME (log prefix).
# The launchers' command line (launcher_main: up|down|run <state-dir>) and their state directory's life are here
# too; a launcher defines cmd_up, cmd_down, up_failed and MARKER (the file naming a state dir as its own).
# Control-plane knobs, set AFTER sourcing (their defaults are control-plane.sh's behaviour: everything on
# 127.0.0.1, no nodes):
#   CP_ADDRESS       kube-apiserver bind and advertise address, also a serving-certificate SAN
#   CP_SERVICE_CIDR  --service-cluster-ip-range; CP_SERVICE_IP is its first address (the `kubernetes` Service)
#   CP_NODE=1        run workloads like a real cluster: Node,RBAC authorization, NodeRestriction, a kubelet client
#                    certificate, the lease endpoint reconciler (the `kubernetes` Service gets the advertise
#                    address as endpoint), all default controllers with node IPAM over CP_CLUSTER_CIDR, and
#                    kube-scheduler with its own identity
#   CP_APISERVER_PORT  fixed secure port (default: a free one)
#   CP_AUDIT=1       kube-apiserver writes an audit log (write_audit_policy: every request at level Metadata, one
#                    event per stage after RequestReceived) to <state>/logs/audit.log (rotated at 100 MB into
#                    audit-<time>.log beside it); AUDIT_LOG in the env file
CP_ADDRESS=127.0.0.1
CP_SERVICE_CIDR=10.0.0.0/24
CP_SERVICE_IP=10.0.0.1
CP_NODE=0
CP_CLUSTER_CIDR=
CP_APISERVER_PORT=
CP_AUDIT=0

log() { echo "${LOG_NAME}: $*" >&2; }
die() { echo "${LOG_NAME}: ERROR: $*" >&2; exit 1; }

# Print the running script's header comment (everything from line 2 up to the first non-comment line).
usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0" >&2; exit 2; }

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

# running <pid>: the process exists and is not a zombie. An exiting process has an empty cmdline before it is
# gone (seen: containerd still listed by the host check after pid_of said it had stopped), so pid_of alone
# cannot tell that it has finished.
running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n "${state}" && "${state}" != Z ]]
}

# stop_component <component>: TERM, then KILL after STOP_GRACE seconds (default 10); returns once it has exited.
stop_component() {
  local c=$1 pid deadline
  pid=$(pid_of "${c}") || return 0
  log "stopping ${c} (pid ${pid})"
  kill -TERM "${pid}" 2>/dev/null || true
  deadline=$((SECONDS + ${STOP_GRACE:-10}))
  while pid_of "${c}" >/dev/null || running "${pid}"; do
    if ((SECONDS >= deadline)); then
      log "killing ${c} (pid ${pid}) after ${STOP_GRACE:-10}s"
      kill -KILL "${pid}" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.1
  done
}

# Stop the components of COMPONENTS one after the other, in that order. The apiserver shuts down in ~1 s
# once its clients are gone, but can take 60 s while the controller-manager still runs.
stop_processes() {
  local c
  for c in "${COMPONENTS[@]}"; do stop_component "${c}"; done
}

# --- certificates -----------------------------------------------------------
# sign_cert <name> <subject> <extensions>: <name>.key and <name>.crt signed by ca.crt, in the current directory.
sign_cert() {
  openssl genrsa -out "$1.key" 2048
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
    -extfile "$1.ext" -out "$1.crt"
  rm -f "$1.csr" "$1.ext"
}

# new_ca <common name>: ca.key and a self-signed ca.crt in the current directory.
new_ca() {
  openssl genrsa -out ca.key 2048
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=$1" -out ca.crt
}

# make_serving_certificate <dir> <ca common name>: a CA of its own (ca.crt, ca.key) and a serving certificate for
# 127.0.0.1 and localhost signed by it (tls.crt, tls.key), in <dir>: what a webhook served outside the cluster
# needs, the API server trusting it through the webhook configurations' caBundle. Logs to logs/openssl.log.
make_serving_certificate() {
  mkdir -p "$1"
  (
    cd "$1"
    new_ca "$2"
    sign_cert tls "/CN=127.0.0.1" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"
  ) >>"${STATE}/logs/openssl.log" 2>&1 || { tail_log openssl; die "serving certificate generation failed"; }
}

CLIENT_CERT_EXT="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"

gen_certs() {
  local pki="${STATE}/pki" address_san=""
  [[ "${CP_ADDRESS}" == 127.0.0.1 ]] || address_san=",IP:${CP_ADDRESS}"
  mkdir -p "${pki}"
  (
    cd "${pki}"
    new_ca ephemeral-ns-e2e-ca
    sign_cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1${address_san},IP:${CP_SERVICE_IP},DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    sign_cert admin "/O=system:masters/CN=admin" "${CLIENT_CERT_EXT}"
    sign_cert kube-controller-manager "/CN=system:kube-controller-manager" "${CLIENT_CERT_EXT}"
    if [[ "${CP_NODE}" == 1 ]]; then
      sign_cert kube-scheduler "/CN=system:kube-scheduler" "${CLIENT_CERT_EXT}"
      # the apiserver's identity towards kubelets (exec, logs, port-forward); bound to
      # system:kubelet-api-admin by the node's bring-up, no group
      sign_cert apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client" "${CLIENT_CERT_EXT}"
    fi
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

# --- the control plane ------------------------------------------------------
# start_control_plane <bin dir>: certificates, kubeconfigs, etcd, kube-apiserver, kube-controller-manager
# (and kube-scheduler when CP_NODE=1), each waited for. Sets APISERVER_URL and the *_PORT variables used by
# control_plane_env.
start_control_plane() {
  local bin_dir=$1 c
  for c in etcd kube-apiserver kube-controller-manager; do
    [[ -x "${bin_dir}/${c}" ]] || die "${bin_dir}/${c} not found (run e2e/scripts/build-binaries.sh)"
  done

  local nports=4
  [[ "${CP_NODE}" == 1 ]] && nports=5
  read -r ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHEDULER_PORT <<<"$(free_ports "${nports}")"
  [[ -z "${CP_APISERVER_PORT}" ]] || APISERVER_PORT=${CP_APISERVER_PORT}
  APISERVER_URL="https://${CP_ADDRESS}:${APISERVER_PORT}"
  ETCD_URL="http://127.0.0.1:${ETCD_PORT}"
  local etcd_peer_url="http://127.0.0.1:${ETCD_PEER_PORT}"
  local pki="${STATE}/pki"

  gen_certs
  write_kubeconfig "${STATE}/kubeconfig" admin "${pki}/admin.crt" "${pki}/admin.key"
  write_kubeconfig "${STATE}/kube-controller-manager.kubeconfig" system:kube-controller-manager \
    "${pki}/kube-controller-manager.crt" "${pki}/kube-controller-manager.key"

  start etcd "${bin_dir}/etcd" \
    --name=e2e \
    --data-dir="${STATE}/etcd-data" \
    --listen-client-urls="${ETCD_URL}" \
    --advertise-client-urls="${ETCD_URL}" \
    --listen-peer-urls="${etcd_peer_url}" \
    --initial-advertise-peer-urls="${etcd_peer_url}" \
    --initial-cluster="e2e=${etcd_peer_url}" \
    --unsafe-no-fsync=true \
    --log-level=warn
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  wait_for etcd "etcd health on ${ETCD_URL}" \
    bash -c 'curl -sf --max-time 2 "$1/health" | grep -q "\"health\":\"true\""' _ "${ETCD_URL}"

  local authorization=RBAC endpoint_reconciler=none apiserver_node_args=() controllers
  controllers=namespace-controller,garbage-collector-controller,resourcequota-controller,serviceaccount-controller,serviceaccount-token-controller,root-ca-certificate-publisher-controller,clusterrole-aggregation-controller,validatingadmissionpolicy-status-controller
  local kcm_node_args=()
  if [[ "${CP_NODE}" == 1 ]]; then
    # Node authorizer + NodeRestriction: a kubelet may only touch its own Node and the objects of its pods.
    authorization=Node,RBAC
    # lease: the `kubernetes` Service gets the advertise address as endpoint, so in-cluster programs reach the API.
    endpoint_reconciler=lease
    # shellcheck disable=SC2054 # the commas are inside flag values
    apiserver_node_args=(
      --enable-admission-plugins=NodeRestriction
      --kubelet-client-certificate="${pki}/apiserver-kubelet-client.crt"
      --kubelet-client-key="${pki}/apiserver-kubelet-client.key"
      --kubelet-certificate-authority="${pki}/ca.crt"
      # exec/logs/port-forward dial the kubelet by its InternalIP: the node name does not resolve here
      --kubelet-preferred-address-types=InternalIP,Hostname
    )
    # Every default controller (Deployments, ReplicaSets, Jobs, CronJobs, EndpointSlices, PDBs, node lifecycle,
    # pod GC, TTL-after-finished, ...), as a real cluster runs them; node IPAM gives the node its pod CIDR.
    controllers='*'
    kcm_node_args=(
      --allocate-node-cidrs=true
      --cluster-cidr="${CP_CLUSTER_CIDR}"
      --node-cidr-mask-size=24
      --service-cluster-ip-range="${CP_SERVICE_CIDR}"
    )
  fi

  local apiserver_audit_args=()
  if [[ "${CP_AUDIT}" == 1 ]]; then
    write_audit_policy "${STATE}/audit-policy.yaml"
    # rotated at 100 MB (the default) into logs/audit-<time>.log, every rotated file kept
    apiserver_audit_args=(--audit-policy-file="${STATE}/audit-policy.yaml" --audit-log-path="${STATE}/logs/audit.log"
      --audit-log-format=json)
  fi

  start kube-apiserver "${bin_dir}/kube-apiserver" \
    --etcd-servers="${ETCD_URL}" \
    --bind-address="${CP_ADDRESS}" \
    --advertise-address="${CP_ADDRESS}" \
    --secure-port="${APISERVER_PORT}" \
    --cert-dir="${pki}" \
    --tls-cert-file="${pki}/apiserver.crt" \
    --tls-private-key-file="${pki}/apiserver.key" \
    --client-ca-file="${pki}/ca.crt" \
    --service-cluster-ip-range="${CP_SERVICE_CIDR}" \
    --allow-privileged=true \
    --authorization-mode="${authorization}" \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="${pki}/sa.pub" \
    --service-account-signing-key-file="${pki}/sa.key" \
    --endpoint-reconciler-type="${endpoint_reconciler}" \
    "${apiserver_node_args[@]}" "${apiserver_audit_args[@]}"
  wait_for kube-apiserver "kube-apiserver /readyz on ${APISERVER_URL}" api_get /readyz

  start kube-controller-manager "${bin_dir}/kube-controller-manager" \
    --kubeconfig="${STATE}/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="${STATE}/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="${STATE}/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="${KCM_PORT}" \
    --cert-dir="${pki}/kube-controller-manager-serving" \
    --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="${pki}/sa.key" \
    --root-ca-file="${pki}/ca.crt" \
    --controllers="${controllers}" \
    "${kcm_node_args[@]}"
  wait_for kube-controller-manager "ServiceAccount default/default (created by kube-controller-manager)" \
    api_get /api/v1/namespaces/default/serviceaccounts/default
  wait_for kube-controller-manager "ConfigMap default/kube-root-ca.crt (published by kube-controller-manager)" \
    api_get /api/v1/namespaces/default/configmaps/kube-root-ca.crt

  if [[ "${CP_NODE}" == 1 ]]; then
    [[ -x "${bin_dir}/kube-scheduler" ]] || die "${bin_dir}/kube-scheduler not found (run e2e/scripts/build-binaries.sh --node)"
    write_kubeconfig "${STATE}/kube-scheduler.kubeconfig" system:kube-scheduler \
      "${pki}/kube-scheduler.crt" "${pki}/kube-scheduler.key"
    start kube-scheduler "${bin_dir}/kube-scheduler" \
      --kubeconfig="${STATE}/kube-scheduler.kubeconfig" \
      --authentication-kubeconfig="${STATE}/kube-scheduler.kubeconfig" \
      --authorization-kubeconfig="${STATE}/kube-scheduler.kubeconfig" \
      --bind-address=127.0.0.1 \
      --secure-port="${SCHEDULER_PORT}" \
      --cert-dir="${pki}/kube-scheduler-serving" \
      --leader-elect=false
    # shellcheck disable=SC2016 # $1 is expanded by the inner bash
    wait_for kube-scheduler "kube-scheduler /healthz on 127.0.0.1:${SCHEDULER_PORT}" \
      bash -c 'curl -skf --max-time 2 "https://127.0.0.1:$1/healthz"' _ "${SCHEDULER_PORT}"
  fi
}

# write_audit_policy <file>: the audit policy of CP_AUDIT=1: who called which verb on which resource and when
# (level Metadata: no bodies), for counting a program's requests; the RequestReceived stage is left out, so a
# request is one ResponseComplete event (a watch also has a ResponseStarted one), each with the request's auditID
write_audit_policy() {
  cat >"$1" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
EOF
}

# control_plane_env <bin dir>: the env-file lines describing the control plane.
control_plane_env() {
  echo "STATE_DIR=${STATE}"
  echo "KUBECONFIG=${STATE}/kubeconfig"
  echo "APISERVER_URL=${APISERVER_URL}"
  echo "APISERVER_PORT=${APISERVER_PORT}"
  echo "ETCD_URL=${ETCD_URL}"
  echo "ETCD_PORT=${ETCD_PORT}"
  echo "ETCD_PEER_PORT=${ETCD_PEER_PORT}"
  echo "KCM_PORT=${KCM_PORT}"
  echo "CA_CERT=${STATE}/pki/ca.crt"
  echo "ADMIN_CERT=${STATE}/pki/admin.crt"
  echo "ADMIN_KEY=${STATE}/pki/admin.key"
  echo "SERVICE_ACCOUNT_KEY=${STATE}/pki/sa.key"
  echo "ETCD_PID=$(pid_of etcd)"
  echo "APISERVER_PID=$(pid_of kube-apiserver)"
  echo "KCM_PID=$(pid_of kube-controller-manager)"
  echo "KUBE_BIN_DIR=$1"
  if [[ "${CP_AUDIT}" == 1 ]]; then echo "AUDIT_LOG=${STATE}/logs/audit.log"; fi
}

# --- the launchers' commands and state directory -----------------------------
# `up` refuses a state dir that holds anything: it may be another run's.
require_empty_state_dir() {
  if [[ -e "${STATE}" ]] && [[ -n "$(ls -A "${STATE}")" ]]; then
    die "${STATE} exists and is not empty (run '$0 down ${STATE}' first)"
  fi
}

# `up`: creates the state dir with logs/ and the marker that lets `down` remove it, makes STATE absolute, and
# arms the traps that undo a failed `up` (the launcher's up_failed) on every exit path.
create_state_dir() {
  mkdir -p "${STATE}/logs"
  STATE=$(cd "${STATE}" && pwd)
  touch "${STATE}/${MARKER}"
  trap 'rc=$?; if ((rc != 0)); then up_failed; fi' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# `down`: false when the state dir does not exist (nothing to stop); refuses one that `up` did not create (no
# marker); makes STATE absolute.
existing_state_dir() {
  [[ -d "${STATE}" ]] || { log "${STATE} does not exist; nothing to stop"; return 1; }
  STATE=$(cd "${STATE}" && pwd)
  [[ -f "${STATE}/${MARKER}" ]] || die "${STATE} was not created by $(basename "$0") up; not touching it"
}

# `run`: up, then stay in the foreground watching the given components; down when one exits, on Ctrl-C/TERM and
# on every other exit path.
run_until_stopped() {
  cmd_up
  trap 'trap - EXIT INT TERM; cmd_down' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  log "running; press Ctrl-C to stop"
  cat "${STATE}/env"
  local c
  while :; do
    for c in "$@"; do
      if ! pid_of "${c}" >/dev/null; then
        tail_log "${c}"
        die "${c} exited"
      fi
    done
    sleep 2 &
    wait $! || true
  done
}

# The command line of both launchers: <up|down|run> <state-dir>.
launcher_main() {
  (($# == 2)) || usage
  STATE=${2%/}
  [[ -n "${STATE}" ]] || usage
  case "$1" in
    up) cmd_up ;;
    down) cmd_down ;;
    run) cmd_run ;;
    *) usage ;;
  esac
}
