#!/usr/bin/env bash
# Installs the Debian packages the build, the end-to-end tests, the single-node cluster (node.sh) and the
# benchmarks (jq, /usr/bin/time) need (and shellcheck, which the end-to-end suite runs on the kubectl plugin), when missing, and checks the toolchains this kind of machine provides (a
# JDK 17+ and Go; see e2e/versions.env for the Go version the Kubernetes release needs). Idempotent and quiet when everything is there.
set -euo pipefail

need_apt=()
for tool in openssl:openssl curl:curl python3:python3 ss:iproute2 kubectl:kubectl jq:jq shellcheck:shellcheck; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need_apt+=("${tool##*:}")
done
# The single-node cluster of e2e/scripts/node.sh: container runtime, CNI plugins (bridge, host-local, loopback,
# portmap in /usr/lib/cni), the packet-filter tools kube-proxy and kube-router drive, busybox-static for the
# node's own smoke-test image and gcc/libc6-dev for its static pause program. Checked by package, not command
# (the CNI plugins are not on PATH). And `time` for the benchmarks' /usr/bin/time (the shell has a builtin of
# that name), and libfaketime, preloaded into a janitor whose clock the end-to-end suite puts a day ahead.
for pkg in containerd runc containernetworking-plugins iptables nftables ipset conntrack busybox-static gcc libc6-dev time libfaketime; do
  dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("${pkg}")
done
if ((${#need_apt[@]})); then
  echo "install-prerequisites: apt-get install ${need_apt[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  ${SUDO} apt-get update -qq
  ${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1 ||
    ${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" # again, to show the error
fi

command -v java >/dev/null || { echo "install-prerequisites: a JDK 17 or newer is required (java not found)" >&2; exit 1; }
command -v go >/dev/null || { echo "install-prerequisites: Go is required to build the control plane (go not found)" >&2; exit 1; }
