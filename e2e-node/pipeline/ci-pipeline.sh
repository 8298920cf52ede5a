#!/usr/bin/env bash
# The seed's CI pipeline, as the seed describes it: one namespace per run, named after the branch and commit,
# labelled for ephemeral-ns, isolated by the seed's own quota and policies (next to the product's baseline), the
# application under test installed with Helm, the tests run in a pod, the namespace deleted on exit (kept with
# keep=true when the run failed). The end-to-end suite on a real node runs it unchanged.
#
# Usage:
#   e2e-node/pipeline/ci-pipeline.sh
#
# Environment (what a CI system provides):
#   BRANCH, SHA         the run's branch and commit (required)
#   TTL                 lifetime label of the namespace (default 24h)
#   APP_IMAGE           image of the application under test (required)
#   TOOLS_IMAGE         image of the test runner: busybox and curl (required)
#   KUBECONFIG          the pipeline's identity (an ordinary one: namespaces, admin inside them)
#   HELM                helm binary (default: helm on PATH)
#   FAIL_TESTS=1        make the test suite fail (to show keep=true)
#   TEST_EXTRA_SECONDS  let the test suite run this much longer (to kill the pipeline mid-test)
# Exit status: 0 when the tests passed, non-zero otherwise (then the namespace is kept, labelled keep=true).
set -euo pipefail

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${BRANCH:?set BRANCH}" "${SHA:?set SHA}" "${APP_IMAGE:?set APP_IMAGE}" "${TOOLS_IMAGE:?set TOOLS_IMAGE}"
TTL=${TTL:-24h}
HELM=${HELM:-helm}

NS="test-${BRANCH//[^a-zA-Z0-9]/-}-${SHA:0:7}"
NS=${NS,,}

cleanup() {
  local status=$?
  if [[ ${status} -eq 0 ]]; then
    echo "pipeline: tests passed, deleting ${NS}"
    kubectl delete namespace "${NS}" --wait=false
  else
    echo "pipeline: FAILED (exit ${status}), keeping ${NS} for debugging (keep=true)"
    kubectl label namespace "${NS}" keep=true --overwrite || true
  fi
  exit "${status}"
}
trap cleanup EXIT

echo "pipeline: namespace ${NS}"
kubectl create namespace "${NS}"
kubectl label namespace "${NS}" created-by=ci-cd branch="${BRANCH//[^a-zA-Z0-9._-]/-}" commit="${SHA}" ttl="${TTL}"
kubectl wait --for=jsonpath='{.metadata.annotations.ephemeral-ns\.io/baseline}'=applied ns/"${NS}" --timeout=60s

# the seed's own quota and policies, next to the product's baseline
kubectl apply -n "${NS}" -f "${DIR}/seed-objects.yaml"

"${HELM}" upgrade --install app "${DIR}/../sample-app" -n "${NS}" --set image="${APP_IMAGE}" --wait --timeout 300s

# --command: the test suite replaces the image's entrypoint (whatever the tools image's own is)
kubectl run test-runner --rm -i --restart=Never --image="${TOOLS_IMAGE}" -n "${NS}" --labels=app=test-runner \
  --env=NAMESPACE="${NS}" --env=FAIL_TESTS="${FAIL_TESTS:-0}" --env=TEST_EXTRA_SECONDS="${TEST_EXTRA_SECONDS:-0}" \
  --command -- sh -c "$(cat "${DIR}/run-tests.sh")"
