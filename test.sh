#!/usr/bin/env bash
# Runs every test: unit and component tests of all modules, the end-to-end suite against a real
# etcd + kube-apiserver + kube-controller-manager started on 127.0.0.1, and the Helm chart's validation.
#
# On a fresh machine it installs what it needs first (Debian packages, the Maven distribution through the
# wrapper, the Go modules of the control plane); slow artefacts are cached outside the work tree
# (~/.m2, ~/.cache/ephemeral-ns, the Go module and build caches), so a second run builds nothing again.
set -euo pipefail
cd "$(dirname "$0")"

e2e/bin/install-prerequisites.sh
e2e/bin/build-binaries.sh
./mvnw -B -ntp verify "$@"
# the native build's configuration (no GraalVM or container runtime here: generate the native sources only)
./mvnw -B -ntp -q package -DskipTests -Dnative -Dquarkus.native.sources-only=true -pl janitor,admission-webhook -am
# the Helm chart: lint, templates, schema refusals, promtool rule tests, server dry-run and a helm install
# with a dead webhook, against a control plane of its own
e2e/bin/validate-chart-on-control-plane.sh
