#!/usr/bin/env bash
# Installs the Debian packages the build and the end-to-end tests need, when missing, and checks the
# toolchains this kind of machine provides (a JDK 17+ and Go; see e2e/versions.env for the Go version the
# Kubernetes release needs). Idempotent and quiet when everything is there.
set -euo pipefail

need_apt=()
for tool in openssl:openssl curl:curl python3:python3 ss:iproute2 kubectl:kubectl; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need_apt+=("${tool##*:}")
done
if ((${#need_apt[@]})); then
  echo "install-prerequisites: apt-get install ${need_apt[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  ${SUDO} apt-get update -qq
  ${SUDO} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

command -v java >/dev/null || { echo "install-prerequisites: a JDK 17 or newer is required (java not found)" >&2; exit 1; }
command -v go >/dev/null || { echo "install-prerequisites: Go is required to build the control plane (go not found)" >&2; exit 1; }
