#!/usr/bin/env bash
# Validate the Helm chart deploy/helm/ephemeral-ns and its alerts.
#
# Usage:
#   e2e/scripts/validate-chart.sh            static checks (no cluster needed)
#   KUBECONFIG=<file> e2e/scripts/validate-chart.sh
#                                        also `kubectl apply --dry-run=server` of every rendered value set
#
# Steps:
#   1. helm and promtool (and actionlint) from the Go module proxy: e2e/scripts/build-tools.sh (cached by version)
#   2. helm lint --strict with each deploy/helm/ephemeral-ns/ci/*-values.yaml
#   3. helm template with each of them (into $OUT_DIR/<name>.yaml)
#   4. each tests/invalid/*.yaml must be refused by values.schema.json, with the message naming the value
#      (the "# path: /x/y" line of the file)
#   4b. the hardening objects: NetworkPolicies and ValidatingAdmissionPolicies (with Deny bindings) by default,
#      none with ci/hardening-off-values.yaml, the narrowed rules of ci/network-narrow-values.yaml
#   5. promtool check rules on the PrometheusRule of ci/monitoring-values.yaml and ci/cronjob-values.yaml,
#      and promtool test rules: tests/alerts-test.yaml on the rules rendered with the chart's defaults,
#      tests/alerts-cronjob-test.yaml on those of ci/cronjob-values.yaml (both without the long `description`
#      annotations, which promtool check rules covers); every alert must have a unit test
#   6. with KUBECONFIG: kubectl apply --dry-run=server -f of each rendered set against that API server.
#      The CRDs of the optional objects (ServiceMonitor, PrometheusRule: monitoring.coreos.com; Certificate,
#      Issuer: cert-manager.io) are installed first when the server lacks them, from the Go modules
#      github.com/prometheus-operator/prometheus-operator (PROMETHEUS_OPERATOR_MODULE_VERSION, default v0.85.0)
#      and github.com/cert-manager/cert-manager (CERT_MANAGER_MODULE_VERSION, default v1.21.2), so their
#      schemas validate the chart's objects. VALIDATE_CRDS=0 (for a cluster you do not own) installs nothing
#      and skips those objects with a note. The release namespace is created (for real) if missing, as
#      `helm install --create-namespace` would.
#   7. actionlint on .github/workflows/*.y*ml, when there are workflows
#
# The chart installed for real with a dead webhook (scoping, TLS across upgrades, admission policies refusing, a
# clean uninstall) is an end-to-end test: e2e/src/test/java/io/ephemeralns/e2e/DeadWebhookE2ETest.java.
#
# Environment: OUT_DIR (default: a temporary directory, removed at exit unless KEEP_OUT=1),
# RELEASE_NAMESPACE (default ephemeral-ns), KUBECTL (default kubectl).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHART="${ROOT}/deploy/helm/ephemeral-ns"
NS=${RELEASE_NAMESPACE:-ephemeral-ns}
KUBECTL=${KUBECTL:-kubectl}

log() { echo "validate-chart: $*" >&2; }
die() { echo "validate-chart: FAILED: $*" >&2; exit 1; }

REMOVE_OUT=0
if [[ -n "${OUT_DIR:-}" ]]; then
  mkdir -p "${OUT_DIR}"
else
  OUT_DIR=$(mktemp -d)
  [[ "${KEEP_OUT:-0}" == 1 ]] || REMOVE_OUT=1
fi
cleanup() { [[ "${REMOVE_OUT}" == 0 ]] || rm -rf "${OUT_DIR}"; }
trap cleanup EXIT

# 1. tools
TOOLS_DIR=$("${ROOT}/e2e/scripts/build-tools.sh")
export PATH="${TOOLS_DIR}:${PATH}"
log "$(helm version --short), $(promtool --version 2>&1 | head -n 1)"

# 2. and 3. lint and template each value set
sets=()
for f in "${CHART}"/ci/*-values.yaml; do
  name=$(basename "${f}" -values.yaml)
  sets+=("${name}")
  log "helm lint --strict -f ci/$(basename "${f}")"
  helm lint --strict "${CHART}" --namespace "${NS}" -f "${f}" >"${OUT_DIR}/${name}.lint" 2>&1 ||
    { cat "${OUT_DIR}/${name}.lint" >&2; die "helm lint with ci/$(basename "${f}")"; }
  helm template ephemeral-ns "${CHART}" --namespace "${NS}" -f "${f}" >"${OUT_DIR}/${name}.yaml" ||
    die "helm template with ci/$(basename "${f}")"
  log "  rendered $(grep -c '^kind:' "${OUT_DIR}/${name}.yaml") objects -> ${OUT_DIR}/${name}.yaml"
done

# 4. the schema refuses wrong values with a message naming the value
for f in "${CHART}"/tests/invalid/*.yaml; do
  path=$(sed -n 's/^# path: //p' "${f}")
  [[ -n "${path}" ]] || die "$(basename "${f}") has no '# path: /...' line"
  if helm template ephemeral-ns "${CHART}" --namespace "${NS}" -f "${f}" >/dev/null 2>"${OUT_DIR}/invalid.err"; then
    die "tests/invalid/$(basename "${f}") was accepted; the schema must refuse it"
  fi
  if ! grep -q "values don't meet the specifications of the schema" "${OUT_DIR}/invalid.err" ||
    ! grep -qF "at '${path}'" "${OUT_DIR}/invalid.err"; then
    cat "${OUT_DIR}/invalid.err" >&2
    die "tests/invalid/$(basename "${f}"): no schema message about ${path}"
  fi
  log "refused as expected: tests/invalid/$(basename "${f}"): $(grep -F "at '${path}'" "${OUT_DIR}/invalid.err" | head -n 1 | sed 's/^ *- //')"
done

# 4b. hardening: the NetworkPolicies and ValidatingAdmissionPolicies are there by default, all gone when switched off
#     (ci/hardening-off-values.yaml), each policy has its binding with validationActions [Deny], and the webhook's
#     NetworkPolicy admits the API server from anywhere unless narrowed (ci/network-narrow-values.yaml)
python3 - "${OUT_DIR}" <<'EOF_HARDENING' || die "hardening objects (NetworkPolicy, ValidatingAdmissionPolicy) are not as expected"
import sys, yaml
out = sys.argv[1]
def docs(name):
    return [d for d in yaml.safe_load_all(open(f"{out}/{name}.yaml")) if d]
def kinds(ds, kind):
    return {d["metadata"]["name"]: d for d in ds if d["kind"] == kind}
policies = ["ephemeral-ns-janitor-namespaces", "ephemeral-ns-janitor-objects", "ephemeral-ns-webhook-namespaces",
            "ephemeral-ns-webhook-objects", "ephemeral-ns-namespace-product-keys"]
default = docs("default")
vaps, bindings = kinds(default, "ValidatingAdmissionPolicy"), kinds(default, "ValidatingAdmissionPolicyBinding")
assert sorted(vaps) == sorted(policies), f"policies: {sorted(vaps)}"
for name in policies:
    assert vaps[name]["spec"]["failurePolicy"] == "Fail", name
    assert bindings[name]["spec"] == {"policyName": name, "validationActions": ["Deny"]}, name
nps = kinds(default, "NetworkPolicy")
assert sorted(nps) == ["ephemeral-ns-janitor", "ephemeral-ns-webhook"], f"network policies: {sorted(nps)}"
for np in nps.values():
    assert np["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert [r.get("ports") for r in np["spec"]["egress"]] == [
        [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
        [{"port": 443, "protocol": "TCP"}, {"port": 6443, "protocol": "TCP"}]], np["spec"]["egress"]
assert nps["ephemeral-ns-webhook"]["spec"]["ingress"] == [{"ports": [{"port": "https", "protocol": "TCP"}]}]
assert [sorted(r) for r in nps["ephemeral-ns-janitor"]["spec"]["ingress"]] == [["from", "ports"]]
off = docs("hardening-off")
for kind in ("NetworkPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"):
    assert not kinds(off, kind), f"{kind} rendered with ci/hardening-off-values.yaml"
narrow = kinds(docs("network-narrow"), "NetworkPolicy")
webhook_in = narrow["ephemeral-ns-webhook"]["spec"]["ingress"]
assert [p["ipBlock"]["cidr"] for p in webhook_in[0]["from"]] == ["10.0.0.10/32", "10.96.0.1/32", "fd00::10/128"], webhook_in
assert webhook_in[1]["from"][0]["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}, webhook_in
assert narrow["ephemeral-ns-janitor"]["spec"]["ingress"] == [], "a CronJob's pods serve nothing"
assert narrow["ephemeral-ns-janitor"]["spec"]["egress"][1]["to"][0] == {"ipBlock": {"cidr": "10.0.0.10/32"}}
print("validate-chart:   hardening objects as expected (default, hardening-off, network-narrow)", file=sys.stderr)
EOF_HARDENING

# 5. alerts: render the PrometheusRule, extract its spec as a Prometheus rules file
# extract_rules <rendered.yaml> <rules.yaml> [strip-descriptions]
extract_rules() {
  python3 - "$@" <<'EOF'
import sys, yaml
src, dst = sys.argv[1], sys.argv[2]
strip = len(sys.argv) > 3
rules = [d for d in yaml.safe_load_all(open(src)) if d and d.get("kind") == "PrometheusRule"]
if len(rules) != 1:
    sys.exit(f"expected one PrometheusRule in {src}, found {len(rules)}")
spec = rules[0]["spec"]
if strip:
    for g in spec["groups"]:
        for r in g["rules"]:
            r.get("annotations", {}).pop("description", None)
yaml.safe_dump(spec, open(dst, "w"), sort_keys=False, width=1000)
EOF
}
for name in monitoring cronjob; do
  [[ -f "${OUT_DIR}/${name}.yaml" ]] || die "ci/${name}-values.yaml is missing"
  extract_rules "${OUT_DIR}/${name}.yaml" "${OUT_DIR}/${name}-rules.yaml"
  log "promtool check rules (ci/${name}-values.yaml)"
  promtool check rules "${OUT_DIR}/${name}-rules.yaml" >&2 || die "promtool check rules (${name})"
done
# the dashboard's queries parse (wrapped as recording rules, $__rate_interval -> 5m)
python3 - "${CHART}/files/dashboard.json" "${OUT_DIR}/dashboard-rules.yaml" <<'EOF'
import json, sys, yaml
d = json.load(open(sys.argv[1]))
rules = [{"record": f"dashboard:panel{p['id']}:{t['refId']}", "expr": t["expr"].replace("$__rate_interval", "5m")}
         for p in d["panels"] for t in p.get("targets", [])]
yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(sys.argv[2], "w"), sort_keys=False)
EOF
log "promtool check rules (the dashboard's queries)"
promtool check rules "${OUT_DIR}/dashboard-rules.yaml" >&2 || die "a dashboard query does not parse"
mkdir -p "${OUT_DIR}/alert-tests"
helm template ephemeral-ns "${CHART}" --namespace "${NS}" --set monitoring.prometheusRule.enabled=true \
  --show-only templates/prometheusrule.yaml >"${OUT_DIR}/alert-tests/prometheusrule.yaml"
extract_rules "${OUT_DIR}/alert-tests/prometheusrule.yaml" "${OUT_DIR}/alert-tests/rendered-alerts.yaml" strip
cp "${CHART}/tests/alerts-test.yaml" "${CHART}/tests/alerts-cronjob-test.yaml" "${OUT_DIR}/alert-tests/"
extract_rules "${OUT_DIR}/cronjob.yaml" "${OUT_DIR}/alert-tests/rendered-alerts-cronjob.yaml" strip
# every alert of the chart has a unit test
while read -r alert; do
  grep -q "alertname: ${alert}\$" "${CHART}/tests/alerts-test.yaml" || die "alert ${alert} has no unit test in tests/alerts-test.yaml"
done < <(sed -n 's/^ *- alert: //p' "${OUT_DIR}/alert-tests/rendered-alerts.yaml" | sort -u)
log "promtool test rules tests/alerts-test.yaml tests/alerts-cronjob-test.yaml"
promtool test rules "${OUT_DIR}/alert-tests/alerts-test.yaml" "${OUT_DIR}/alert-tests/alerts-cronjob-test.yaml" >&2 ||
  die "promtool test rules"

# 6. server-side dry run against a real API server
if [[ -n "${KUBECONFIG:-}" ]]; then
  command -v "${KUBECTL}" >/dev/null || die "${KUBECTL} not found"
  "${KUBECTL}" get namespace "${NS}" >/dev/null 2>&1 || "${KUBECTL}" create namespace "${NS}" >&2
  served() { "${KUBECTL}" api-resources --api-group="$1" -o name 2>/dev/null | grep -q .; }
  # CRDs of the optional objects, from the Go modules of their projects (plain CRD manifests in the module zips).
  if [[ "${VALIDATE_CRDS:-1}" == 1 ]]; then
    module_dir() {
      (cd / && GOFLAGS=-mod=mod go mod download -json "$1@$2") |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error","no Dir")))'
    }
    install_crds() { # install_crds <api group> <module> <version> <files...>
      local group=$1 module=$2 version=$3 dir f
      shift 3
      served "${group}" && return 0
      dir=$(module_dir "${module}" "${version}") || die "cannot download ${module}@${version} from the Go module proxy"
      for f in "$@"; do
        log "installing CRD ${f##*/} from ${module}@${version}"
        "${KUBECTL}" apply --server-side --force-conflicts -f "${dir}/${f}" >/dev/null
        local i
        for i in $(seq 60); do # right after creation the CRD has no status.conditions yet, and wait errors
          "${KUBECTL}" wait --for=condition=Established --timeout=5s -f "${dir}/${f}" >/dev/null 2>&1 && break
          [[ ${i} -lt 60 ]] || die "CRD ${f##*/} not established"
          sleep 1
        done
      done
    }
    install_crds monitoring.coreos.com github.com/prometheus-operator/prometheus-operator \
      "${PROMETHEUS_OPERATOR_MODULE_VERSION:-v0.85.0}" \
      example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml \
      example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml
    install_crds cert-manager.io github.com/cert-manager/cert-manager "${CERT_MANAGER_MODULE_VERSION:-v1.21.2}" \
      deploy/crds/cert-manager.io_certificates.yaml deploy/crds/cert-manager.io_issuers.yaml
  fi
  skip=()
  has_crd() { "${KUBECTL}" get customresourcedefinition "$1" >/dev/null 2>&1; }
  has_crd servicemonitors.monitoring.coreos.com || skip+=(ServiceMonitor)
  has_crd prometheusrules.monitoring.coreos.com || skip+=(PrometheusRule)
  has_crd certificates.cert-manager.io || skip+=(Certificate)
  has_crd issuers.cert-manager.io || skip+=(Issuer)
  for name in "${sets[@]}"; do
    python3 - "${OUT_DIR}/${name}.yaml" "${OUT_DIR}/${name}.apply.yaml" "${skip[@]}" <<'EOF'
import sys, yaml
src, dst, skip = sys.argv[1], sys.argv[2], set(sys.argv[3:])
docs = [d for d in yaml.safe_load_all(open(src)) if d]
kept = [d for d in docs if d["kind"] not in skip]
for d in docs:
    if d["kind"] in skip:
        print(f"validate-chart:   skipped {d['kind']} {d['metadata']['name']} (CRD not served by this API server)", file=sys.stderr)
yaml.safe_dump_all(kept, open(dst, "w"), sort_keys=False)
EOF
    log "kubectl apply --dry-run=server (ci/${name}-values.yaml)"
    "${KUBECTL}" apply --dry-run=server -f "${OUT_DIR}/${name}.apply.yaml" >"${OUT_DIR}/${name}.apply.log" 2>&1 ||
      { cat "${OUT_DIR}/${name}.apply.log" >&2; die "kubectl apply --dry-run=server (${name})"; }
    log "  $(wc -l <"${OUT_DIR}/${name}.apply.log") objects accepted"
  done
else
  log "KUBECONFIG not set: skipping kubectl apply --dry-run=server"
fi

# 7. GitHub Actions workflows
shopt -s nullglob
workflows=("${ROOT}"/.github/workflows/*.yml "${ROOT}"/.github/workflows/*.yaml)
if [[ ${#workflows[@]} -gt 0 ]]; then
  log "actionlint ${workflows[*]#"${ROOT}/"}"
  (cd "${ROOT}" && actionlint "${workflows[@]}") >&2 || die "actionlint"
else
  log "no .github/workflows: skipping actionlint"
fi

log "OK: lint, template (${sets[*]}), schema refusals, promtool check/test rules$([[ -n "${KUBECONFIG:-}" ]] && echo ", server dry-run")"
