#!/usr/bin/env bash
# Build the chart's validation tools from the Go module proxy, cached by version:
#   helm      helm.sh/helm/v3/cmd/helm                    at HELM_VERSION
#   promtool  github.com/prometheus/prometheus/cmd/promtool at PROMETHEUS_MODULE_VERSION
#   actionlint github.com/rhysd/actionlint/cmd/actionlint   at ACTIONLINT_VERSION
# and, when named, the pieces of the single-node cluster of e2e/scripts/node.sh:
#   crane       github.com/google/go-containerregistry/cmd/crane   at CRANE_VERSION (builds and pushes images)
#   registry    github.com/distribution/distribution/v3/cmd/registry at DISTRIBUTION_VERSION (local OCI registry)
#   coredns     github.com/coredns/coredns                         at COREDNS_VERSION
#   kube-router github.com/cloudnativelabs/kube-router/v2/cmd/kube-router at KUBE_ROUTER_VERSION (NetworkPolicy)
# and, when named, the load generator of bench/run.sh:
#   vegeta      github.com/tsenart/vegeta/v12                      at VEGETA_VERSION
#
# Usage:
#   e2e/scripts/build-tools.sh                build helm, promtool and actionlint if missing, print the bin dir
#   e2e/scripts/build-tools.sh --print-dir    only print the bin dir (builds nothing)
#   e2e/scripts/build-tools.sh helm promtool  build only the named tools (still prints the bin dir)
#   e2e/scripts/build-tools.sh node           the node's four: crane registry coredns kube-router
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
: "${CRANE_VERSION:?not set in versions.env}" "${DISTRIBUTION_VERSION:?not set in versions.env}"
: "${COREDNS_VERSION:?not set in versions.env}" "${KUBE_ROUTER_VERSION:?not set in versions.env}"
: "${VEGETA_VERSION:?not set in versions.env}"
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
    helm|promtool|actionlint|crane|registry|coredns|kube-router|vegeta) TOOLS+=("${arg}") ;;
    node) TOOLS+=(crane registry coredns kube-router) ;;
    *) die "unknown argument '${arg}' (try --help)" ;;
  esac
done
[[ ${#TOOLS[@]} -gt 0 ]] || TOOLS=(helm promtool actionlint)

command -v go >/dev/null || die "go is not installed"

# shellcheck source=e2e/scripts/go-build-lib.sh
source "${E2E_DIR}/scripts/go-build-lib.sh"

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
      cached_go_build helm "${HELM_VERSION}" - helm.sh/helm/v3/cmd/helm \
        "-X helm.sh/helm/v3/internal/version.version=${HELM_VERSION} -X helm.sh/helm/v3/internal/version.gitTreeState=clean
         -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${kminor}
         -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${kminor}" ;;
    promtool)
      cached_go_build promtool "${PROMETHEUS_MODULE_VERSION}" - github.com/prometheus/prometheus/cmd/promtool \
        "-X github.com/prometheus/common/version.Version=${prom_version} -X github.com/prometheus/common/version.Revision=${PROMETHEUS_MODULE_VERSION}" ;;
    actionlint)
      cached_go_build actionlint "${ACTIONLINT_VERSION}" - github.com/rhysd/actionlint/cmd/actionlint ;;
    # The -X stamps make `--version` report the release (each project's Makefile stamps the same variable).
    crane)
      cached_go_build crane "${CRANE_VERSION}" - github.com/google/go-containerregistry/cmd/crane \
        "-X github.com/google/go-containerregistry/cmd/crane/cmd.Version=${CRANE_VERSION}" ;;
    registry)
      cached_go_build registry "${DISTRIBUTION_VERSION}" - github.com/distribution/distribution/v3/cmd/registry \
        "-X github.com/distribution/distribution/v3/version.version=${DISTRIBUTION_VERSION}" ;;
    coredns)
      cached_go_build coredns "${COREDNS_VERSION}" - github.com/coredns/coredns ;;
    kube-router)
      cached_go_build kube-router "${KUBE_ROUTER_VERSION}" - github.com/cloudnativelabs/kube-router/v2/cmd/kube-router \
        "-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=${KUBE_ROUTER_VERSION}" ;;
    vegeta)
      cached_go_build vegeta "${VEGETA_VERSION}" - github.com/tsenart/vegeta/v12 ;;
  esac
done

log "tools ready in:"
echo "${LINK_DIR}"
