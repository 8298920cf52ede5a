#!/usr/bin/env bash
# A real single-node Kubernetes cluster on this machine, for the tests and the demo: the control plane of
# control-plane.sh in its node profile (Node,RBAC authorization, NodeRestriction, every default controller,
# kube-scheduler, the API server on the node IP so that pods reach it through the `kubernetes` Service), plus
# containerd, kubelet, kube-proxy (iptables), kube-router (NetworkPolicy only), CoreDNS (a Deployment) and a
# plain-HTTP OCI registry on 127.0.0.1. Needs root; one node per machine (`up` claims the machine atomically by
# creating the node's veth; a second `up` fails without touching the first node).
#
# Usage:
#   e2e/scripts/node.sh up   <state-dir>   start in the background, return when the node is Ready, CoreDNS
#                                          answers and a test pod reached the API through the `kubernetes` Service
#   e2e/scripts/node.sh down <state-dir>   stop everything and leave the host as `up` found it, remove <state-dir>
#   e2e/scripts/node.sh run  <state-dir>   up, stay in the foreground until Ctrl-C/TERM, then down
#
# <state-dir> must not exist yet (or be empty). After `up` it holds env (KEY=value lines; export them with
# `set -a; . <state-dir>/env; set +a`): STATE_DIR KUBECONFIG (admin, system:masters) APISERVER_URL CA_CERT
# NODE_NAME NODE_IP POD_CIDR CLUSTER_CIDR SERVICE_CIDR CLUSTER_DNS_IP CLUSTER_DOMAIN REGISTRY (host:port, plain
# HTTP, push from the host, pulled by the node) KUBE_BIN_DIR TOOLS_BIN_DIR CRANE CONTAINERD_ADDRESS PAUSE_IMAGE
# BUSYBOX_IMAGE COREDNS_IMAGE, and the control plane's keys (see control-plane.sh). Also: logs/*.log, host/
# (what `up` found: sysctls, iptables, ipsets, absent directories, cgroups), pki/, kubeconfigs, configs.
#
# What it changes on the host, and `down` undoes (also after a failed `up`: a trap runs it on every exit path):
# a veth pair (NODE_IP on one end), the CNI bridge, iptables/ip6tables rules (nf_tables), ipsets, conntrack
# entries of its ranges, sysctls set by kubelet and the CNI bridge, cgroups of the pods, mounts under the state
# dir, and the directories kubelet/containerd/CNI write outside any configurable root (/var/log/containers,
# /var/lib/cni, /run/containerd, ...; removed only if they did not exist before `up`).
#
# Binaries: e2e/scripts/build-binaries.sh --node and e2e/scripts/build-tools.sh node (built once, cached by
# version; or the directories in KUBE_BIN_DIR and TOOLS_BIN_DIR when set). Debian packages:
# e2e/scripts/install-prerequisites.sh. Environment knobs:
#   NODE_TIMEOUT            seconds to wait for each component (default 180)
#   NODE_NAME               default ephemeral-ns-node
#   NODE_IP                 default 172.31.255.1 (a /30 on a veth pair ensnode0/ensnode1 that `up` creates)
#   NODE_CLUSTER_CIDR       default 10.244.0.0/16 (the node gets the first /24 as POD_CIDR)
#   NODE_SERVICE_CIDR       default 10.96.0.0/24 (`kubernetes` Service .1, CLUSTER_DNS_IP .10)
#   KEEP_STATE_ON_FAILURE=1 when `up` fails: still stop everything and restore the host, but keep <state-dir>
#   NODE_FAIL_AFTER=<phase> make `up` fail after a phase (network, images, control-plane, containerd, kubelet,
#                           network-policy, coredns): proves the teardown of a half-built node
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_DIR=$(cd "${SCRIPT_DIR}/.." && pwd)
# shellcheck disable=SC2034 # TIMEOUT, LOG_NAME and the CP_* knobs are read by control-plane-lib.sh
TIMEOUT=${NODE_TIMEOUT:-180}
MARKER=.ephemeral-ns-node
# shellcheck disable=SC2034
LOG_NAME=node
# shellcheck source=e2e/scripts/control-plane-lib.sh
source "${SCRIPT_DIR}/control-plane-lib.sh"
# shellcheck source=e2e/versions.env disable=SC1091
source "${E2E_DIR}/versions.env"

NODE_NAME=${NODE_NAME:-ephemeral-ns-node}
NODE_IP=${NODE_IP:-172.31.255.1}
CLUSTER_CIDR=${NODE_CLUSTER_CIDR:-10.244.0.0/16}
SERVICE_CIDR=${NODE_SERVICE_CIDR:-10.96.0.0/24}
CLUSTER_DOMAIN=cluster.local
POD_CIDR="${CLUSTER_CIDR%.*.*/*}.0.0/24"   # node IPAM hands the only node the first /24
SERVICE_PREFIX=${SERVICE_CIDR%.*/*}
CLUSTER_DNS_IP="${SERVICE_PREFIX}.10"
VETH=ensnode0
VETH_PEER=ensnode1
BRIDGE=enscni0
APISERVER_SECURE_PORT=6443  # on NODE_IP, an address only this node uses
KUBELET_PORT=10250
# stop order: the node agents first (no new containers), then the control plane, the runtime last
COMPONENTS=(kubelet kube-router kube-proxy kube-scheduler kube-controller-manager kube-apiserver etcd)

# Paths the node's programs write outside any root that can be configured (seen on this machine kind: kubelet's
# /var/log/containers symlinks, containerd's shim sockets in /run/containerd/s, libcni's cache in /var/lib/cni;
# the others are defaults that the configs below move, listed in case a default wins). `down` removes those that
# did not exist before `up`.
HOST_PATHS=(/var/lib/kubelet /var/lib/cni /var/lib/containerd /var/lib/kube-proxy /var/lib/kube-router
  /var/log/containers /var/log/pods /run/containerd /run/netns /run/kubernetes /etc/cni /opt/cni
  /opt/containerd /etc/kubernetes)

# Sysctls the node changes (kubelet's kernel defaults: vm.overcommit_memory, vm.panic_on_oom, kernel.panic,
# kernel.panic_on_oops, kernel.keys.*; the CNI bridge's forwarding; kube-proxy's conntrack and route_localnet,
# which its config below leaves alone; bridge netfilter), restored by `down` when they differ from before `up`.
SYSCTL_RESTORE='^(vm\.(overcommit_memory|panic_on_oom)|kernel\.(panic|panic_on_oops|keys\.root_max(keys|bytes))|net\.ipv4\.(ip_forward|conf\.(all|default|lo|eth0)\.(forwarding|route_localnet|rp_filter|accept_local))|net\.ipv6\.conf\.(all|default)\.forwarding|net\.bridge\.bridge-nf-call-(iptables|ip6tables|arptables)|net\.(netfilter\.)?nf_conntrack_(max|tcp_timeout_established|tcp_timeout_close_wait|udp_timeout|udp_timeout_stream|tcp_be_liberal))$'

need_root() { [[ $(id -u) -eq 0 ]] || die "must run as root (it starts kubelet and containerd, changes iptables)"; }

fail_after() { [[ "${NODE_FAIL_AFTER:-}" != "$1" ]] || die "failing after phase '$1' (NODE_FAIL_AFTER)"; }

kctl() { "${KUBECTL}" --kubeconfig="${STATE}/kubeconfig" "$@"; }

# --- the host as `up` found it ------------------------------------------------
record_host() {
  local h="${STATE}/host" p
  mkdir -p "${h}"
  sysctl -a 2>/dev/null | sort >"${h}/sysctl" || true
  iptables-save >"${h}/iptables"
  ip6tables-save >"${h}/ip6tables"
  nft list tables >"${h}/nft-tables"
  ipset list -n | sort >"${h}/ipsets"
  : >"${h}/absent-paths"
  for p in "${HOST_PATHS[@]}"; do [[ -e "${p}" ]] || echo "${p}" >>"${h}/absent-paths"; done
  find /sys/fs/cgroup -mindepth 2 -maxdepth 2 -type d | sort >"${h}/cgroups"
  # the node's own addresses, for `down` (whatever its environment says)
  printf 'NODE_IP=%s\nCLUSTER_CIDR=%s\nSERVICE_CIDR=%s\n' "${NODE_IP}" "${CLUSTER_CIDR}" "${SERVICE_CIDR}" >"${h}/ranges"
  touch "${h}/complete"
}

# One node per machine, claimed atomically: `ip link add` of the node's veth fails when another node holds it.
# Only the node that claimed the host restores it (a second `up` that lost the race must not undo the first
# node's iptables), and it releases the claim last, after everything else is restored.
claim_host() {
  ip link add "${VETH}" type veth peer name "${VETH_PEER}" 2>/dev/null ||
    die "link ${VETH} exists: another node is up on this machine (one per machine; find its state dir with: pgrep -a kubelet)"
  touch "${STATE}/host-claimed"
}

release_host() { ip link del "${VETH}" 2>/dev/null || true; rm -f "${STATE}/host-claimed"; }

# restore_host: undo every change recorded as possible; each step tolerates that `up` never got there.
restore_host() {
  local h="${STATE}/host"
  [[ -f "${h}/complete" ]] || { log "no record of the host (up failed before recording it); nothing to restore"; return 0; }
  # shellcheck disable=SC1091
  . "${h}/ranges"
  set +e
  # the CNI bridge; pod veths went with their netns (the node's veth pair goes last, see release_host)
  ip link del "${BRIDGE}" 2>/dev/null
  # iptables: put back the tables that existed, drop the nf_tables tables that did not (iptables-nft keeps
  # empty tables and base chains after -F/-X, so deleting the table is the only way back to "absent")
  iptables-restore <"${h}/iptables"
  ip6tables-restore <"${h}/ip6tables"
  local fam tbl
  while read -r _ fam tbl; do
    grep -qx "table ${fam} ${tbl}" "${h}/nft-tables" || nft delete table "${fam}" "${tbl}"
  done < <(nft list tables)
  # ipsets (kube-router's), after the rules that referenced them
  local s
  while read -r s; do
    [[ -n "${s}" ]] && ! grep -qxF "${s}" "${h}/ipsets" && ipset destroy "${s}"
  done < <(ipset list -n)
  # conntrack entries of the node's ranges
  local net mask
  for net in "${CLUSTER_CIDR}" "${SERVICE_CIDR}" "${NODE_IP}/30"; do
    mask=$(python3 -c 'import ipaddress,sys; print(ipaddress.ip_network(sys.argv[1], strict=False).netmask)' "${net}")
    conntrack -D -s "${net%/*}" --mask-src "${mask}" >/dev/null 2>&1
    conntrack -D -d "${net%/*}" --mask-dst "${mask}" >/dev/null 2>&1
  done
  # sysctls
  local line key value now
  while IFS= read -r line; do
    key=${line%% = *} value=${line#* = }
    [[ "${key}" =~ ${SYSCTL_RESTORE} ]] || continue
    now=$(sysctl -n "${key}" 2>/dev/null) || continue
    [[ "${now}" == "${value}" ]] || { log "sysctl ${key}: ${now} -> ${value}"; sysctl -qw "${key}=${value}"; }
  done <"${h}/sysctl"
  # cgroups the pods left (deepest first; a cgroup with a process in it cannot go)
  local d
  while read -r d; do
    grep -qxF "${d}" "${h}/cgroups" || find "${d}" -depth -type d -exec rmdir {} + 2>/dev/null
  done < <(find /sys/fs/cgroup -mindepth 2 -maxdepth 2 -type d)
  # directories written outside the configured roots (after unmount_all)
  local p
  while read -r p; do [[ -n "${p}" ]] && rm -rf "${p}"; done <"${h}/absent-paths"
  rm -f "${h}/complete" # restored once: a later `down` of a kept state dir must not replay the old record
  set -e
}

# unmount_all: every mount under the state dir and the runtime's fixed paths, deepest first
unmount_all() {
  local m
  for _ in 1 2 3; do
    mapfile -t mounts < <(awk '{print $5}' /proc/self/mountinfo | while read -r m; do printf '%b\n' "${m}"; done |
      grep -E "^(${STATE}/|/run/containerd/|/run/netns/|/var/lib/kubelet/)" | awk '{print length, $0}' | sort -rn | cut -d' ' -f2-)
    ((${#mounts[@]})) || return 0
    for m in "${mounts[@]}"; do umount "${m}" 2>/dev/null || umount -l "${m}" 2>/dev/null || true; done
  done
  ! awk '{print $5}' /proc/self/mountinfo | grep -qE "^(${STATE}/|/run/containerd/|/run/netns/)" ||
    die "mounts remain under ${STATE} or /run/containerd; not removing anything (see /proc/self/mountinfo)"
}

# kill_containers: kill and delete every container and sandbox of the node through containerd (while it runs)
kill_containers() {
  local sock="${STATE}/containerd/containerd.sock" id
  pid_of containerd >/dev/null && [[ -S "${sock}" ]] || return 0
  local ctr=(ctr --address "${sock}" --namespace k8s.io)
  for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks kill --signal SIGKILL "${id}" >/dev/null 2>&1 || true; done
  for id in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks delete --force "${id}" >/dev/null 2>&1 || true; done
  for id in $("${ctr[@]}" containers ls -q 2>/dev/null); do "${ctr[@]}" containers delete "${id}" >/dev/null 2>&1 || true; done
}

# stop_containerd: stop containerd, then the shims it leaves (they outlive it and carry its socket address on
# their command line)
stop_containerd() {
  local sock="${STATE}/containerd/containerd.sock" pid
  stop_component containerd
  for pid in $(pgrep -f "containerd-shim.* -address ${sock}" || true); do kill -KILL "${pid}" 2>/dev/null || true; done
}

# kill_pod_leftovers: pod processes that escaped (the kubepods cgroups are the node's; only for the node that
# claimed the host)
kill_pod_leftovers() {
  local procs pid
  for procs in /sys/fs/cgroup/*/kubepods/cgroup.procs /sys/fs/cgroup/*/kubepods/*/cgroup.procs \
    /sys/fs/cgroup/*/kubepods/*/*/cgroup.procs /sys/fs/cgroup/*/kubepods/*/*/*/cgroup.procs; do
    [[ -f "${procs}" ]] || continue
    while read -r pid; do kill -KILL "${pid}" 2>/dev/null || true; done <"${procs}"
  done
  sleep 0.2
}

# --- images -------------------------------------------------------------------
# push_image <ref> <rootfs dir> <entrypoint>: a one-layer image on scratch, pushed to the local registry
push_image() {
  local ref=$1 rootfs=$2 entrypoint=$3 layer
  layer="${STATE}/images/$(basename "${rootfs}").tar"
  tar -C "${rootfs}" --owner=0 --group=0 --numeric-owner -cf "${layer}" .
  if ! { "${CRANE}" append --oci-empty-base -f "${layer}" -t "${ref}" &&
    "${CRANE}" mutate --set-platform linux/amd64 --entrypoint "${entrypoint}" -t "${ref}" "${ref}"; } \
    >>"${STATE}/logs/crane.log" 2>&1; then
    tail_log crane
    die "pushing ${ref} failed"
  fi
}

build_images() {
  local img="${STATE}/images"
  mkdir -p "${img}/pause/etc" "${img}/busybox/bin" "${img}/busybox/tmp" "${img}/coredns"
  gcc -static -O2 -o "${img}/pause/pause" "${E2E_DIR}/node/pause.c" 2>"${STATE}/logs/gcc.log" ||
    { tail_log gcc; die "building the pause program failed"; }
  push_image "${PAUSE_IMAGE}" "${img}/pause" /pause
  # busybox-static with its applets as symlinks: the node's own checks (pods, DNS, NetworkPolicy, exec, logs)
  cp "$(command -v busybox)" "${img}/busybox/bin/busybox"
  local a
  for a in $("${img}/busybox/bin/busybox" --list); do [[ "${a}" == busybox ]] || ln -sf busybox "${img}/busybox/bin/${a}"; done
  chmod 1777 "${img}/busybox/tmp"
  push_image "${BUSYBOX_IMAGE}" "${img}/busybox" /bin/sh
  cp "${TOOLS_BIN_DIR}/coredns" "${img}/coredns/coredns"
  push_image "${COREDNS_IMAGE}" "${img}/coredns" /coredns
}

# --- node components ----------------------------------------------------------
gen_node_certs() {
  (
    cd "${STATE}/pki"
    sign_cert kubelet-client "/O=system:nodes/CN=system:node:${NODE_NAME}" "${CLIENT_CERT_EXT}"
    sign_cert kubelet-serving "/CN=${NODE_NAME}" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:${NODE_IP},DNS:${NODE_NAME}"
    sign_cert kube-proxy "/CN=system:kube-proxy" "${CLIENT_CERT_EXT}"
    sign_cert kube-router "/CN=kube-router" "${CLIENT_CERT_EXT}"
  ) >>"${STATE}/logs/openssl.log" 2>&1 || { tail_log openssl; die "node certificate generation failed"; }
  local c
  for c in kubelet-client:system:node:${NODE_NAME} kube-proxy:system:kube-proxy kube-router:kube-router; do
    write_kubeconfig "${STATE}/${c%%:*}.kubeconfig" "${c#*:}" "${STATE}/pki/${c%%:*}.crt" "${STATE}/pki/${c%%:*}.key"
  done
}

start_registry() {
  mkdir -p "${STATE}/registry/data"
  cat >"${STATE}/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${STATE}/registry/data
  delete:
    enabled: true
http:
  addr: ${REGISTRY}
EOF
  # OTEL_TRACES_EXPORTER=none: distribution v3 otherwise exports traces to an OTLP endpoint
  start registry env OTEL_TRACES_EXPORTER=none "${TOOLS_BIN_DIR}/registry" serve "${STATE}/registry/config.yml"
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  wait_for registry "the registry on ${REGISTRY}" bash -c 'curl -sf --max-time 2 "http://$1/v2/"' _ "${REGISTRY}"
}

start_containerd() {
  local c="${STATE}/containerd"
  mkdir -p "${c}/certs.d/${REGISTRY}" "${STATE}/cni/net.d"
  cat >"${c}/certs.d/${REGISTRY}/hosts.toml" <<EOF
server = "http://${REGISTRY}"

[host."http://${REGISTRY}"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
EOF
  # Every path containerd can be told lives under the state dir. restrict_oom_score_adj: this VM denies
  # CAP_SYS_RESOURCE even to root, and without it every sandbox fails ("can't get final child's PID from pipe").
  cat >"${c}/config.toml" <<EOF
version = 2
root = "${c}/root"
state = "${c}/state"
oom_score = 0

[grpc]
  address = "${c}/containerd.sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "${c}/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${STATE}/cni/net.d"
    max_conf_num = 1

  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${c}/certs.d"
EOF
  # hairpinMode: a pod reaching itself through a Service; ipMasq off: pods talk to this machine only
  cat >"${STATE}/cni/net.d/10-ephemeral-ns-node.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "ephemeral-ns-node",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${BRIDGE}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "${POD_CIDR}"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "${STATE}/cni/ipam"
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  ((${#c} < 80)) || die "state dir path too long for containerd's sockets: ${STATE}"
  start containerd /usr/bin/containerd --config "${c}/config.toml"
  wait_for containerd "containerd on ${c}/containerd.sock" ctr --address "${c}/containerd.sock" version
}

start_kubelet() {
  local k="${STATE}/kubelet"
  mkdir -p "${k}" "${STATE}/pod-logs"
  cat >"${STATE}/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${NODE_IP}
port: ${KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${KUBELET_HEALTHZ_PORT}
# no anonymous access: client certificates from our CA, bearer tokens checked with the API server,
# every request authorized by the API server (SubjectAccessReview)
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: ${STATE}/pki/ca.crt
authorization:
  mode: Webhook
tlsCertFile: ${STATE}/pki/kubelet-serving.crt
tlsPrivateKeyFile: ${STATE}/pki/kubelet-serving.key
containerRuntimeEndpoint: unix://${STATE}/containerd/containerd.sock
# this VM: cgroup v1 (kubelet 1.35 refuses it unless told), no systemd, swap allowed
failCgroupV1: false
cgroupDriver: cgroupfs
failSwapOn: false
clusterDNS: [${CLUSTER_DNS_IP}]
clusterDomain: ${CLUSTER_DOMAIN}
podLogsDir: ${STATE}/pod-logs
serializeImagePulls: false
evictionHard:
  memory.available: 100Mi
  nodefs.available: 5%
  imagefs.available: 5%
  nodefs.inodesFree: 5%
EOF
  start kubelet "${KUBE_BIN_DIR}/kubelet" \
    --config="${STATE}/kubelet-config.yaml" \
    --kubeconfig="${STATE}/kubelet-client.kubeconfig" \
    --root-dir="${k}" \
    --hostname-override="${NODE_NAME}" \
    --node-ip="${NODE_IP}"
  wait_for kubelet "node ${NODE_NAME} Ready" \
    kctl wait --for=condition=Ready "node/${NODE_NAME}" --timeout=2s
  local cidr
  cidr=$(kctl get node "${NODE_NAME}" -o jsonpath='{.spec.podCIDR}')
  [[ "${cidr}" == "${POD_CIDR}" ]] || die "node IPAM gave ${NODE_NAME} pod CIDR '${cidr}', the CNI config uses ${POD_CIDR}"
}

start_proxy_and_router() {
  cat >"${STATE}/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: ${STATE}/kube-proxy.kubeconfig
mode: iptables
hostnameOverride: ${NODE_NAME}
clusterCIDR: ${CLUSTER_CIDR}
healthzBindAddress: 127.0.0.1:${PROXY_HEALTHZ_PORT}
metricsBindAddress: 127.0.0.1:${PROXY_METRICS_PORT}
# NodePorts only on the node's own address; no route_localnet (localhost NodePorts would need it)
nodePortAddresses: [${NODE_IP}/32]
iptables:
  localhostNodePorts: false
# 0: leave the host's conntrack sysctls as they are
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
EOF
  start kube-proxy "${KUBE_BIN_DIR}/kube-proxy" --config="${STATE}/kube-proxy-config.yaml"
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  wait_for kube-proxy "kube-proxy healthz on 127.0.0.1:${PROXY_HEALTHZ_PORT}" \
    bash -c 'curl -sf --max-time 2 "http://127.0.0.1:$1/healthz"' _ "${PROXY_HEALTHZ_PORT}"

  # NetworkPolicy only: routing is the bridge's, Services are kube-proxy's. kube-network-policies would need
  # NFT_QUEUE, which this kernel lacks; kube-router's own --cleanup-config panics here (no IPVS), so `down`
  # cleans its chains and ipsets itself.
  start kube-router "${TOOLS_BIN_DIR}/kube-router" \
    --kubeconfig="${STATE}/kube-router.kubeconfig" \
    --hostname-override="${NODE_NAME}" \
    --run-firewall=true --run-router=false --run-service-proxy=false \
    --enable-ipv4=true --enable-ipv6=false \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --health-port=0 \
    --metrics-port=0
  # (its health and metrics servers would listen on every address, so they are off; its first sync creates
  # the KUBE-ROUTER-FORWARD chain)
  wait_for kube-router "kube-router's first firewall sync" iptables -w 5 -S KUBE-ROUTER-FORWARD
}

apply_addons() {
  sed -e "s|@COREDNS_IMAGE@|${COREDNS_IMAGE}|g" -e "s|@CLUSTER_DNS_IP@|${CLUSTER_DNS_IP}|g" \
    -e "s|@CLUSTER_DOMAIN@|${CLUSTER_DOMAIN}|g" "${E2E_DIR}/node/addons.yaml" >"${STATE}/addons.yaml"
  kctl apply -f "${STATE}/addons.yaml" >"${STATE}/logs/addons.log" 2>&1 || { tail_log addons; die "applying the add-ons failed"; }
}

pod_phase() { kctl -n default get pod "$1" -o jsonpath='{.status.phase}'; }
pod_finished() { [[ $(pod_phase "$1") =~ ^(Succeeded|Failed)$ ]]; }

# check_pod: a pod resolves the `kubernetes` Service through CoreDNS and reaches the API server through it.
# busybox's wget cannot do the TLS handshake with the API server (Go's TLS server refuses its built-in client:
# "tls: missing signature_algorithms from TLS 1.2 peer"; on the host busybox borrows openssl), so this check is
# at the HTTP level:
# the API server answers a plain HTTP request on its TLS port with "400 Bad Request". CoreDNS becoming ready
# (its kubernetes plugin lists Services through the `kubernetes` Service with its ServiceAccount token and the
# cluster CA) is the TLS and authentication half of the proof.
# The pod retries DNS for up to 30 s: kube-proxy programs the kube-dns Service's endpoints a moment after CoreDNS
# turns ready (seen: "nslookup: write to '10.96.0.10': Connection refused" in between).
check_pod() {
  local name="kubernetes.default.svc.${CLUSTER_DOMAIN}"
  kctl -n default run node-check --image="${BUSYBOX_IMAGE}" --restart=Never --command -- sh -c \
    "for i in \$(seq 30); do nslookup ${name} >/dev/null 2>&1 && break; sleep 1; done; nslookup ${name} &&
     wget -O- http://kubernetes.default.svc:443/ 2>&1 | grep -q '400 Bad Request' && echo api-reachable" \
    >/dev/null
  wait_for kubelet "the check pod (DNS and the API through the kubernetes Service)" pod_finished node-check
  if [[ $(pod_phase node-check) != Succeeded ]] || ! kctl -n default logs node-check | grep -qx api-reachable; then
    kctl -n default logs node-check >&2 || true
    die "the check pod failed to resolve the kubernetes Service or to reach the API server through it"
  fi
  kctl -n default delete pod node-check --wait=false >/dev/null
}

# --- commands -------------------------------------------------------------------
cmd_up() {
  need_root
  require_empty_state_dir
  ! ip link show "${VETH}" >/dev/null 2>&1 ||
    die "link ${VETH} exists: another node is up on this machine (one per machine; find it with: ip addr show ${VETH})"
  local tool
  for tool in containerd ctr runc iptables-save ip6tables-save nft ipset conntrack busybox gcc; do
    command -v "${tool}" >/dev/null || die "${tool} not found (run e2e/scripts/install-prerequisites.sh)"
  done
  [[ -x /usr/lib/cni/bridge ]] || die "/usr/lib/cni/bridge not found (run e2e/scripts/install-prerequisites.sh)"
  create_state_dir
  local started=${SECONDS}

  # binaries first: a cold build takes minutes, and the host is not touched yet
  if [[ -z "${KUBE_BIN_DIR:-}" ]]; then
    KUBE_BIN_DIR=$("${SCRIPT_DIR}/build-binaries.sh" --node) || die "build-binaries.sh --node failed"
  fi
  if [[ -z "${TOOLS_BIN_DIR:-}" ]]; then
    TOOLS_BIN_DIR=$("${SCRIPT_DIR}/build-tools.sh" node) || die "build-tools.sh node failed"
  fi
  for tool in "${KUBE_BIN_DIR}"/{kubelet,kube-proxy,kube-scheduler} "${TOOLS_BIN_DIR}"/{crane,registry,coredns,kube-router}; do
    [[ -x "${tool}" ]] || die "${tool} not found"
  done
  CRANE="${TOOLS_BIN_DIR}/crane"
  KUBECTL=$(command -v kubectl) || die "kubectl not found (run e2e/scripts/install-prerequisites.sh)"

  claim_host
  record_host
  log "recorded the host in ${STATE}/host"

  ip addr add "${NODE_IP}/30" dev "${VETH}"
  ip link set "${VETH_PEER}" up
  ip link set "${VETH}" up
  fail_after network

  local registry_port
  read -r registry_port KUBELET_HEALTHZ_PORT PROXY_HEALTHZ_PORT PROXY_METRICS_PORT <<<"$(free_ports 4)"
  REGISTRY="127.0.0.1:${registry_port}"
  PAUSE_IMAGE="${REGISTRY}/ephemeral-ns-node/pause:1"
  BUSYBOX_IMAGE="${REGISTRY}/ephemeral-ns-node/busybox:1"
  COREDNS_IMAGE="${REGISTRY}/ephemeral-ns-node/coredns:${COREDNS_VERSION}"
  start_registry
  build_images
  fail_after images

  # shellcheck disable=SC2034 # the node profile of control-plane-lib.sh
  CP_ADDRESS=${NODE_IP}
  CP_APISERVER_PORT=${APISERVER_SECURE_PORT}
  CP_SERVICE_CIDR=${SERVICE_CIDR}
  CP_SERVICE_IP="${SERVICE_PREFIX}.1"
  CP_CLUSTER_CIDR=${CLUSTER_CIDR}
  CP_NODE=1
  start_control_plane "${KUBE_BIN_DIR}"
  gen_node_certs
  # before the agents start: their RBAC (kube-router's informers give up after a minute without it)
  apply_addons
  fail_after control-plane

  start_containerd
  fail_after containerd
  start_kubelet
  fail_after kubelet
  start_proxy_and_router
  fail_after network-policy
  wait_for kubelet "CoreDNS Deployment available" \
    kctl -n kube-system wait --for=condition=Available deployment/coredns --timeout=2s
  fail_after coredns
  check_pod

  {
    echo "# Written by e2e/scripts/node.sh up; export with: set -a; . ${STATE}/env; set +a"
    control_plane_env "${KUBE_BIN_DIR}"
    echo "NODE_NAME=${NODE_NAME}"
    echo "NODE_IP=${NODE_IP}"
    echo "POD_CIDR=${POD_CIDR}"
    echo "CLUSTER_CIDR=${CLUSTER_CIDR}"
    echo "SERVICE_CIDR=${SERVICE_CIDR}"
    echo "CLUSTER_DNS_IP=${CLUSTER_DNS_IP}"
    echo "CLUSTER_DOMAIN=${CLUSTER_DOMAIN}"
    echo "REGISTRY=${REGISTRY}"
    echo "TOOLS_BIN_DIR=${TOOLS_BIN_DIR}"
    echo "CRANE=${CRANE}"
    echo "CONTAINERD_ADDRESS=${STATE}/containerd/containerd.sock"
    echo "PAUSE_IMAGE=${PAUSE_IMAGE}"
    echo "BUSYBOX_IMAGE=${BUSYBOX_IMAGE}"
    echo "COREDNS_IMAGE=${COREDNS_IMAGE}"
  } >"${STATE}/env"
  trap - EXIT INT TERM
  log "ready in $((SECONDS - started))s: node ${NODE_NAME} (${NODE_IP}), API ${APISERVER_URL}, registry ${REGISTRY}"
  log "kubeconfig: ${STATE}/kubeconfig  env: ${STATE}/env"
}

up_failed() {
  trap - EXIT INT TERM
  log "up failed; stopping what was started and restoring the host"
  teardown
  if [[ "${KEEP_STATE_ON_FAILURE:-0}" == 1 ]]; then
    log "kept ${STATE} (KEEP_STATE_ON_FAILURE=1; remove it with: $0 down ${STATE})"
  else
    rm -rf "${STATE}"
    log "removed ${STATE}"
  fi
}

# Pods first: the kubelet (so that nothing restarts them), then the containers (their API clients, such as
# CoreDNS' watches, would hold the API server's shutdown for its whole grace period), then the other
# components, containerd, the registry.
teardown() {
  stop_component kubelet
  kill_containers
  stop_processes
  stop_containerd
  stop_component registry
  if [[ -f "${STATE}/host-claimed" ]]; then
    kill_pod_leftovers
    unmount_all
    restore_host
    release_host
  else
    log "this node never claimed the host; nothing on it to restore"
  fi
}

cmd_down() {
  existing_state_dir || return 0
  need_root
  local started=${SECONDS}
  teardown
  rm -rf "${STATE}"
  log "stopped in $((SECONDS - started))s; host restored; removed ${STATE}"
}

cmd_run() {
  run_until_stopped "${COMPONENTS[@]}" containerd registry
}

launcher_main "$@"
