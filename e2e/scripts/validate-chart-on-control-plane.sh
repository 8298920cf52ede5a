#!/usr/bin/env bash
# Validates the Helm chart (e2e/scripts/validate-chart.sh) against a control plane of its own, so that the
# server-side dry-runs never touch the end-to-end suite's cluster. Started and removed here, also on failure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d -t ephemeral-ns-chart-XXXX)
STATE="$WORK/control-plane"
cleanup() {
  [[ -f "$STATE/env" ]] && "$ROOT/e2e/scripts/control-plane.sh" down "$STATE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/e2e/scripts/control-plane.sh" up "$STATE" >/dev/null
# what must exist before an install: the image pull secrets' source namespace of ci/pull-secrets-values.yaml (the
# chart puts a Role in each source namespace and creates none)
KUBECONFIG="$STATE/kubeconfig" "${KUBECTL:-kubectl}" create namespace ci-secrets >/dev/null
KUBECONFIG="$STATE/kubeconfig" "$ROOT/e2e/scripts/validate-chart.sh"
