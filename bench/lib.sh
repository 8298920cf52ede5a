# Helpers of bench/run.sh (sourced, not run): ServiceAccounts + chart RBAC + token kubeconfigs, a TLS certificate
# from a throw-away CA, the two programs as processes, the chart's webhook configurations registered only for the
# phases that measure the webhook. Builds on e2e/bin/local-lib.sh, which demo.sh uses too.
# Expects REPO, WORK, STATE and the PIDS array to be set.
. "$REPO/e2e/bin/local-lib.sh"   # free_port, make_serving_certificate, write_token_kubeconfig

VEGETA_VERSION=v12.13.0
CACHE=${EPHEMERAL_NS_CACHE:-$HOME/.cache/ephemeral-ns}
VEGETA="$CACHE/bin/vegeta-$VEGETA_VERSION/vegeta"
JAVA_OPTS_BENCH=(${BENCH_JAVA_OPTS:--Xmx256m})   # the demo's and the e2e suite's heap bound

log()  { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }

build_vegeta() {
  if [[ ! -x "$VEGETA" ]]; then
    log "building vegeta $VEGETA_VERSION from the Go module proxy (once; cached in ${VEGETA%/*})"
    mkdir -p "${VEGETA%/*}"
    (cd /tmp && GOTOOLCHAIN=local GOBIN="${VEGETA%/*}" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION")
  fi
}

# build the jars (unless BENCH_SKIP_BUILD=1), then copy them under $WORK so that a concurrent build of the
# work tree cannot change them mid-run
build_jars() {
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "building and unit-testing the jars (./mvnw package -pl janitor,admission-webhook -am)"
    (cd "$REPO" && ./mvnw -B -q -ntp package -pl janitor,admission-webhook -am)
  fi
  cp -r "$REPO/janitor/target/quarkus-app" "$WORK/janitor-app"
  cp -r "$REPO/admission-webhook/target/quarkus-app" "$WORK/webhook-app"
}

control_plane_up() {
  "$REPO/e2e/bin/control-plane.sh" up "$STATE" 2>&1 | tail -1 >&2
  set -a; . "$STATE/env"; set +a
  export KUBECONFIG
}

# the product's namespace, ServiceAccounts, chart RBAC and one token kubeconfig per program (as demo.sh)
install_accounts() {
  kubectl create namespace ephemeral-ns >/dev/null
  local component
  for component in janitor webhook; do
    kubectl create serviceaccount "ephemeral-ns-$component" -n ephemeral-ns >/dev/null
    sed 's/{{ .Release.Namespace }}/ephemeral-ns/g' "$REPO/deploy/helm/ephemeral-ns/files/rbac/$component.yaml" \
      | kubectl apply -f - >/dev/null
    write_token_kubeconfig "ephemeral-ns-$component" "$WORK/$component.kubeconfig" 6h
  done
}

make_tls() { make_serving_certificate "$WORK/tls" ephemeral-ns-bench-ca; }

SHARED_OPTS=(-Dephemeral-ns.own-namespace=ephemeral-ns)

# start_webhook <log> [extra -D options...]: sets WEBHOOK_PORT and WEBHOOK_PID; returns at once (use wait_ready)
start_webhook() {
  WEBHOOK_PORT=$(free_port)
  # shellcheck disable=SC2086 # BENCH_WEBHOOK_OPTS: extra JVM options, e.g. -Xlog:gc:file=/tmp/webhook-gc.log
  KUBECONFIG="$WORK/webhook.kubeconfig" java "${JAVA_OPTS_BENCH[@]}" ${BENCH_WEBHOOK_OPTS:-} "${SHARED_OPTS[@]}" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$(free_port)" -Dquarkus.http.ssl-port="$WEBHOOK_PORT" \
    -Dquarkus.tls.key-store.pem.0.cert="$WORK/tls/tls.crt" -Dquarkus.tls.key-store.pem.0.key="$WORK/tls/tls.key" \
    "${@:2}" -jar "$WORK/webhook-app/quarkus-run.jar" > "$1" 2>&1 &
  WEBHOOK_PID=$!
  PIDS+=("$WEBHOOK_PID")
}

# start_janitor <log> [extra -D options...]: long-running janitor; sets JANITOR_PORT and JANITOR_PID
start_janitor() {
  local logf=$1; shift
  JANITOR_PORT=$(free_port)
  KUBECONFIG="$WORK/janitor.kubeconfig" java "${JAVA_OPTS_BENCH[@]}" "${SHARED_OPTS[@]}" -Djanitor.dry-run=true \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$JANITOR_PORT" "$@" \
    -jar "$WORK/janitor-app/quarkus-run.jar" > "$logf" 2>&1 &
  JANITOR_PID=$!
  PIDS+=("$JANITOR_PID")
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# wait_ready <url> <t0 ms> [timeout s]: polls every 10 ms until HTTP 200; prints ms since t0
wait_ready() {
  python3 - "$1" "$2" "${3:-60}" <<'EOF'
import ssl, sys, time, urllib.request
url, t0, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
deadline = time.time() + timeout
while time.time() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=1, context=ctx) as r:
            if r.status == 200:
                print(int(time.time() * 1000) - t0); sys.exit(0)
    except Exception:
        pass
    time.sleep(0.01)
sys.exit("not ready: " + url)
EOF
}

rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.0f", $1/1024}'; }

# register_webhook [label-key label-value]: the chart's webhook configurations (helm template, only
# templates/admission.yaml), pointed at the local webhook by webhook.clientConfig.url; the CI selector they
# match defaults to the chart's created-by=ci-cd
register_webhook() {
  local helm
  helm="$("$REPO/e2e/bin/build-tools.sh" helm 2>/dev/null | tail -1)/helm"
  "$helm" template ephemeral-ns "$REPO/deploy/helm/ephemeral-ns" --namespace ephemeral-ns \
    --show-only templates/admission.yaml \
    --set janitor.enabled=false --set webhook.enabled=false \
    --set webhook.clientConfig.url="https://127.0.0.1:$WEBHOOK_PORT" \
    --set webhook.clientConfig.caBundle="$(base64 -w0 < "$WORK/tls/ca.crt")" \
    --set-json "ciNamespaces.selector={\"matchLabels\":{\"${1:-created-by}\":\"${2:-ci-cd}\"}}" \
    | kubectl apply -f - >/dev/null
}

deregister_webhook() {
  kubectl delete mutatingwebhookconfiguration ephemeral-ns --ignore-not-found >/dev/null
  kubectl delete validatingwebhookconfiguration ephemeral-ns --ignore-not-found >/dev/null
}

# cpu_ms <pid>: user+system CPU time the process has used so far, in ms (/proc/<pid>/stat fields 14 and 15);
# unlike wall-clock time to ready, it hardly depends on how many other processes share the CPUs
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz}' "/proc/$1/stat"; }
