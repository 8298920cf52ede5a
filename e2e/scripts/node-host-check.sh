#!/usr/bin/env bash
# Proves that e2e/scripts/node.sh leaves the host as it found it: snapshots the host, runs a node (up, the
# smoke test, down), snapshots again and compares; then the same for an `up` that fails halfway (after
# kube-proxy and kube-router started, with the CoreDNS pod on its way). Prints a readable diff and exits
# non-zero when anything differs. Needs root; runs two nodes one after the other (about three minutes with the
# binaries cached).
#
# Usage: e2e/scripts/node-host-check.sh [--no-failure-case]
#
# The snapshot: sysctls (minus counters that move by themselves), iptables-save/ip6tables-save without
# counters, the nf_tables ruleset without handles and counters, ipsets, mounts, links, addresses, routes and
# rules, conntrack entries of the node's ranges, cgroups, the entries of /var, /run, /etc and /opt (two levels,
# /var/cache, /var/tmp and /var/log's files aside) and the node's processes.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAILURE_CASE=1
case "${1:-}" in
  "") ;;
  --no-failure-case) FAILURE_CASE=0 ;;
  *) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "node-host-check: must run as root" >&2; exit 2; }
WORK=$(mktemp -d /tmp/node-host-check.XXXXXX)
STATE="${WORK}/node"
trap '"${SCRIPT_DIR}/node.sh" down "${STATE}" >/dev/null 2>&1 || true; rm -rf "${WORK}"' EXIT

# Keys that change on their own (counters, random values, the clock)
VOLATILE='^(fs\.(dentry-state|file-nr|inode-nr|inode-state|quota\.)|kernel\.(random\.|ns_last_pid|pty\.nr|sched_domain|tainted|warn_count|oops_count)|net\.netfilter\.nf_conntrack_count|vm\.stat_refresh)'

snapshot() {
  local out=$1
  mkdir -p "${out}"
  sysctl -a 2>/dev/null | grep -Ev "${VOLATILE}" | sort >"${out}/sysctl"
  iptables-save | sed -E '/^#/d; s/\[[0-9]+:[0-9]+\]//' >"${out}/iptables"
  ip6tables-save | sed -E '/^#/d; s/\[[0-9]+:[0-9]+\]//' >"${out}/ip6tables"
  nft list ruleset | sed -E 's/ # handle [0-9]+//; s/counter packets [0-9]+ bytes [0-9]+/counter/' >"${out}/nft"
  ipset list -n | sort >"${out}/ipsets"
  findmnt -rn -o TARGET,FSTYPE,SOURCE | sort >"${out}/mounts"
  ip -br link | awk '{print $1, $3}' | sort >"${out}/links"
  ip -br addr | sort >"${out}/addresses"
  { ip route; ip -6 route; ip rule; ip -6 rule; } | sed -E 's/ expires [0-9]+sec//' >"${out}/routes"
  {
    conntrack -L -s 10.244.0.0 --mask-src 255.255.0.0 2>/dev/null
    conntrack -L -d 10.96.0.0 --mask-dst 255.255.255.0 2>/dev/null
    conntrack -L -d 172.31.255.0 --mask-dst 255.255.255.0 2>/dev/null
  } | sort >"${out}/conntrack"
  find /sys/fs/cgroup -mindepth 2 -maxdepth 3 -type d | sort >"${out}/cgroups"
  find /var /run /etc /opt -mindepth 1 -maxdepth 2 \
    \( -path /var/cache -o -path /var/tmp -o -path '/var/log/*' -type f \) -prune -o -print 2>/dev/null |
    grep -v '^/run/user' | sort >"${out}/paths"
  # the node's agents (only node.sh runs them) and anything started from its state dir; other control planes
  # and registries on this machine are not the node's
  # (zombies aside: they hold nothing, and an orphan's zombie may wait a while for this machine's init to reap it)
  { ps -eo stat=,comm= | awk '$1 !~ /^Z/ && $2 ~ /^(kubelet|containerd|containerd-shim|kube-proxy|kube-router|coredns|pause)/ {print $2}'
    pgrep -af "${WORK}/" | cut -d' ' -f2-; } | sort >"${out}/processes" || true
}

# compare <what> <before> <after>: 0 when equal, else print the diff
compare() {
  local what=$1 rc=0 f
  for f in "$2"/*; do
    if ! diff -u --label "before ${what}: $(basename "${f}")" --label "after ${what}: $(basename "${f}")" \
      "${f}" "$3/$(basename "${f}")"; then
      rc=1
    fi
  done
  if ((rc == 0)); then echo "node-host-check: ok   ${what}: the host is as before"; else echo "node-host-check: FAIL ${what}: the host differs (diff above)"; fi
  return "${rc}"
}

# One node per machine: wait (bounded) until no other node holds it, so that the snapshots are of a bare host
for ((waited = 0; waited < 600; waited += 5)); do
  ip link show ensnode0 >/dev/null 2>&1 || break
  ((waited % 60)) || echo "node-host-check: another node is up on this machine; waiting for it to go down" >&2
  sleep 5
done

rc=0
snapshot "${WORK}/before"
started=${SECONDS}
"${SCRIPT_DIR}/node.sh" up "${STATE}"
echo "node-host-check: up took $((SECONDS - started))s"
"${SCRIPT_DIR}/node-smoke.sh" "${STATE}" || rc=1
started=${SECONDS}
"${SCRIPT_DIR}/node.sh" down "${STATE}"
echo "node-host-check: down took $((SECONDS - started))s"
snapshot "${WORK}/after"
compare "up, smoke test, down" "${WORK}/before" "${WORK}/after" || rc=1

if ((FAILURE_CASE)); then
  if NODE_FAIL_AFTER=network-policy "${SCRIPT_DIR}/node.sh" up "${STATE}"; then
    echo "node-host-check: FAIL node.sh up succeeded although NODE_FAIL_AFTER=network-policy"
    rc=1
  fi
  [[ ! -e "${STATE}" ]] || { echo "node-host-check: FAIL the failed up left ${STATE}"; rc=1; }
  snapshot "${WORK}/after-failure"
  compare "up failing after kube-proxy and kube-router started" "${WORK}/before" "${WORK}/after-failure" || rc=1
fi
exit "${rc}"
