#!/usr/bin/env bash
# Build the chart's validation tools from the Go module proxy, cached by version:
#   helm      helm.sh/helm/v3/cmd/helm                    at HELM_VERSION
#   promtool  github.com/prometheus/prometheus/cmd/promtool at PROMETHEUS_MODULE_VERSION
#   actionlint github.com/rhysd/actionlint/cmd/actionlint   at ACTIONLINT_VERSION
#
# Usage:
#   e2e/scripts/build-tools.sh                build what is missing, print the bin dir
#   e2e/scripts/build-tools.sh --print-dir    only print the bin dir (builds nothing)
#   e2e/scripts/build-tools.sh helm promtool  build only the named tools (still prints the bin dir)
#
# Versions come from e2e/versions.env; ACTIONLINT_VERSION (not in versions.env yet) defaults to v1.7.12.
# None of these modules has replace directives, so a plain `go install module/cmd@version`
# builds them with the module's own go.sum checksums (verified against sum.golang.org);
# no wrapper module is needed. Binaries land outside the work tree in
#   ${EPHEMERAL_NS_CACHE:-$HOME/.cache/ephemeral-ns}/bin/<tool>-<version>/<tool>
# and the directory printed last (${cache}/bin/tools-helm-<v>-prometheus-<v>-actionlint-<v>)
# holds symlinks to all of them, ready for PATH. A second run reuses them and builds nothing.
#
# Builds use CGO_ENABLED=0, -trimpath, GOTOOLCHAIN=local and nice -n 10.
# Measured cold builds on 2 shared cores: see the log line "built <tool> ... in Ns".
set -euo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=e2e/versions.env disable=SC1091
source "${E2E_DIR}/versions.env"
: "${HELM_VERSION:?not set in versions.env}" "${PROMETHEUS_MODULE_VERSION:?not set in versions.env}"
ACTIONLINT_VERSION=${ACTIONLINT_VERSION:-v1.7.12}

CACHE_DIR=${EPHEMERAL_NS_CACHE:-$HOME/.cache/ephemeral-ns}
BIN_ROOT="${CACHE_DIR}/bin"
LINK_DIR="${BIN_ROOT}/tools-helm-${HELM_VERSION}-prometheus-${PROMETHEUS_MODULE_VERSION}-actionlint-${ACTIONLINT_VERSION}"

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-buildvcs=false" GOWORK=off

die() { echo "build-tools: ERROR: $*" >&2; exit 1; }
log() { echo "build-tools: $*" >&2; }

TOOLS=()
for arg in "$@"; do
  case "${arg}" in
    --print-dir) echo "${LINK_DIR}"; exit 0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}"; exit 0 ;;
    helm|promtool|actionlint) TOOLS+=("${arg}") ;;
    *) die "unknown argument '${arg}' (try --help)" ;;
  esac
done
[[ ${#TOOLS[@]} -gt 0 ]] || TOOLS=(helm promtool actionlint)

command -v go >/dev/null || die "go is not installed"

# build <tool> <version> <module>/<cmd package> [ldflags]
build() {
  local tool=$1 version=$2 pkg=$3 ldflags=${4:-}
  local out_dir="${BIN_ROOT}/${tool}-${version}"
  local out="${out_dir}/${tool}"
  if [[ -x "${out}" ]]; then
    log "reusing ${out}"
  else
    log "building ${tool} ${version} (a cold build takes a few minutes)..."
    mkdir -p "${out_dir}"
    local tmp start=${SECONDS}
    tmp=$(mktemp -d "${out_dir}/.gobin.XXXXXX")
    # Run outside any module so that the current directory's go.mod/go.work cannot interfere.
    if ! (cd "${tmp}" && GOBIN="${tmp}" nice -n 10 go install -trimpath -ldflags "-s -w ${ldflags}" "${pkg}@${version}"); then
      rm -rf "${tmp}"
      die "building ${tool} ${version} failed (see the go output above)"
    fi
    mv "${tmp}/${tool}" "${out}"
    rm -rf "${tmp}"
    log "built ${tool} ${version} in $((SECONDS - start))s -> ${out}"
  fi
  mkdir -p "${LINK_DIR}"
  ln -sfn "${out}" "${LINK_DIR}/${tool}"
}

# Prometheus tags its Go module v0.<major><minor>.<patch> (v0.316.0 = Prometheus 3.16.0); stamp the
# release version so that `promtool --version` reports it.
prom_n=${PROMETHEUS_MODULE_VERSION#v0.}
prom_mm=${prom_n%%.*}
prom_version="${prom_mm:0:1}.$((10#${prom_mm:1})).${prom_n#*.}"

# helm's default Kubernetes version (capabilities for `helm template`/`lint`, kubeVersion checks, deprecation
# lint) is 1.20 unless stamped; upstream's Makefile stamps the minor of the k8s.io/client-go it builds with.
helm_kube_minor() {
  local gomod minor
  gomod=$(cd / && go mod download -json "helm.sh/helm/v3@${HELM_VERSION}" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("GoMod") or sys.exit(d.get("Error","no GoMod")))') ||
    die "cannot download helm.sh/helm/v3@${HELM_VERSION}"
  minor=$(awk '$1 == "k8s.io/client-go" {print $2; exit}' "${gomod}")  # v0.37.0
  minor=${minor#v0.}
  echo "${minor%%.*}"
}

for t in "${TOOLS[@]}"; do
  case "${t}" in
    helm)
      kminor=$(helm_kube_minor)
      build helm "${HELM_VERSION}" helm.sh/helm/v3/cmd/helm \
        "-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION} -X helm.sh/helm/v3/internal/version.gitTreeState=clean
         -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${kminor}
         -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${kminor}" ;;
    promtool)
      build promtool "${PROMETHEUS_MODULE_VERSION}" github.com/prometheus/prometheus/cmd/promtool \
        "-X github.com/prometheus/common/version.Version=${prom_version} -X github.com/prometheus/common/version.Revision=${PROMETHEUS_MODULE_VERSION}" ;;
    actionlint)
      build actionlint "${ACTIONLINT_VERSION}" github.com/rhysd/actionlint/cmd/actionlint ;;
  esac
done

log "tools ready in:"
echo "${LINK_DIR}"
