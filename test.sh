#!/usr/bin/env bash
# Runs every test: unit and component tests of all modules, the end-to-end suite against a real
# etcd + kube-apiserver + kube-controller-manager started on 127.0.0.1, and the Helm chart's validation.
#
# On a fresh machine it installs what it needs first (Debian packages, the Maven distribution through the
# wrapper, the Go modules of the control plane); slow artefacts are cached outside the work tree
# (~/.m2, ~/.cache/ephemeral-ns, the Go module and build caches), so a second run builds nothing again.
set -euo pipefail
cd "$(dirname "$0")"

e2e/scripts/install-prerequisites.sh
e2e/scripts/build-binaries.sh
# every module's tests, the end-to-end suite, and the native build's configuration (no GraalVM or container
# runtime here: the native sources are generated next to the jars, which is what can be checked)
./mvnw -B -ntp verify -Dnative -Dquarkus.native.sources-only=true "$@"
# the Helm chart: lint, templates, schema refusals, promtool rule tests and server dry-run, against a control
# plane of its own (the chart installed with a dead webhook is an end-to-end test, DeadWebhookE2ETest)
e2e/scripts/validate-chart-on-control-plane.sh
# the local control plane itself: what the end-to-end suite relies on (quota, garbage collection, RBAC, tokens,
# namespace deletion), every listener on 127.0.0.1, and nothing left after down
e2e/scripts/control-plane-smoke.sh
# the real node leaves the host as it found it (sysctls, iptables, ipsets, mounts, links, /var and /run): up, its
# smoke checks (pods, Services, DNS, exec/logs, a Job, NetworkPolicy) and down, then an up made to fail halfway
e2e/scripts/node-host-check.sh
