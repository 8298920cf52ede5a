# shellcheck shell=bash
# Helpers of bench/run.sh, bench/phases/*.sh and bench/baseline-latency.sh (sourced, not run): the product installed
# on a local control plane by e2e/scripts/install.sh (the chart's ServiceAccounts and RBAC, token kubeconfigs, the
# webhook's serving certificate), the two programs as processes, the chart's webhook configurations registered only
# for the phases that measure the webhook, results as JSON lines written by jq.
# Expects REPO, WORK, STATE, RESULTS and the PIDS array to be set.

JAVA_OPTS_BENCH=(${BENCH_JAVA_OPTS:--Xmx256m})   # the demo's and the e2e suite's heap bound

# bench_command <script> [run|help]: the entry scripts' command line; help prints the script's header
bench_command() {
  case "${2:-run}" in
    run) ;;
    help|-h|--help) sed -n '2,/^set -euo/p' "$1" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $1 [run|help]" >&2; exit 2 ;;
  esac
}

log()  { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now_ms() { date +%s%3N; }
free_port() { "$REPO/e2e/scripts/install.sh" free-port; }

# record <json>: appends one JSON object, checked and compacted by jq, to $RESULTS (one object per line)
record() { jq -ce . <<<"$1" >> "$RESULTS"; }
# json <jq args...>: a JSON object built by `jq -n` from --arg/--argjson values, never by pasting strings
json() { jq -nc "$@"; }
# extend <json> <jq args...>: that object with the fields of the jq expression added after its own
extend() { local row=$1; shift; jq -c "$@" <<<"$row"; }

# vegeta, built once from the Go module proxy and cached (e2e/scripts/build-tools.sh)
build_vegeta() {
  VEGETA="$("$REPO/e2e/scripts/build-tools.sh" vegeta | tail -n 1)/vegeta"
  VEGETA_VERSION=$(. "$REPO/e2e/versions.env" && echo "$VEGETA_VERSION")
}

# build the jars (unless BENCH_SKIP_BUILD=1), then copy them under $WORK so that a concurrent build of the
# work tree cannot change them mid-run
build_jars() {
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    log "building and unit-testing the jars (./mvnw package -pl janitor,admission-webhook -am)"
    (cd "$REPO" && ./mvnw -B -q -ntp package -pl janitor,admission-webhook -am) >&2   # stdout is the report
  fi
  cp -r "$REPO/janitor/target/quarkus-app" "$WORK/janitor-app"
  cp -r "$REPO/admission-webhook/target/quarkus-app" "$WORK/webhook-app"
}

# The start-up phase also measures the programs on a JDK 25 with Quarkus' AOT cache (JEP 483/515: classes loaded
# and linked, method profiles, recorded by a training start at build time; quarkus.package.jar.aot.*), when
# BENCH_AOT_JAVA_HOME (default: the Temurin 25 beside the default JDK) holds a JDK 25 or newer.
AOT_JAVA_HOME=${BENCH_AOT_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
build_aot_jars() {
  [[ -x "$AOT_JAVA_HOME/bin/java" ]] || { log "no JDK at $AOT_JAVA_HOME: the AOT start-up variant is skipped"; return 1; }
  if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$REPO/admission-webhook/target/quarkus-app-aot/app.aot" ]]; then
    log "building and unit-testing the AOT-cache variant with $AOT_JAVA_HOME (quarkus.package.jar.aot.enabled, training at build time)"
    (cd "$REPO" && JAVA_HOME="$AOT_JAVA_HOME" ./mvnw -B -q -ntp package -pl janitor,admission-webhook -am \
      -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.phase=BUILD -Dquarkus.package.jar.aot.type=AOT \
      -Dquarkus.package.output-directory=quarkus-app-aot 2>&1 | grep -v '^WARNING' >&2 || true)
  fi
  cp -r "$REPO/janitor/target/quarkus-app-aot" "$WORK/janitor-aot"
  cp -r "$REPO/admission-webhook/target/quarkus-app-aot" "$WORK/webhook-aot"
}

# use_runtime jdk17|jdk25-aot: which JVM, application directory and extra options start_webhook/start_janitor use
use_runtime() {
  RUNTIME=$1
  if [[ $RUNTIME == jdk25-aot ]]; then
    JAVA_BIN="$AOT_JAVA_HOME/bin/java"; WEBHOOK_APP="$WORK/webhook-aot"; JANITOR_APP="$WORK/janitor-aot"; AOT_CACHE=1
  else
    JAVA_BIN=java; WEBHOOK_APP="$WORK/webhook-app"; JANITOR_APP="$WORK/janitor-app"; AOT_CACHE=0
  fi
}
# aot_opts <app dir>: for jdk25-aot, on one line, the AOT cache (only valid with the class path it was recorded
# with: run from the application directory) and the JVM flags that program's image ships (its module's
# application.properties, quarkus.jib.jvm-additional-arguments: e.g. the janitor's Serial GC and C1 only), so
# that this variant measures the image's JVM; nothing for jdk17
aot_opts() {
  [[ ${AOT_CACHE:-0} == 1 ]] || return 0
  local module=janitor
  [[ $1 == "$WEBHOOK_APP" ]] && module=admission-webhook
  printf -- '-XX:AOTCache=%s/app.aot %s\n' "$1" "$(awk '/^quarkus.jib.jvm-additional-arguments=/ {
    sub(/^[^=]*=/, ""); gsub(/,/, " "); print}' "$REPO/$module/src/main/resources/application.properties")"
}

# install_product [key=value ...]: the control plane with the chart installed for programs outside the cluster
# (e2e/scripts/install.sh up, the chart's admission policies off as in every measurement so far), its env exported;
# the webhook configurations removed again: the phases register them only while they measure the webhook
install_product() {
  "$REPO/e2e/scripts/install.sh" up "$STATE" admissionPolicies.enabled=false "$@" 2>&1 | tail -1 >&2
  set -a; . "$STATE/env"; set +a
  deregister_webhook
}

# stop_everything: the EXIT trap's work: stops the processes in the PIDS array, removes the installation (if it
# came up) and $WORK. Never fails.
stop_everything() {
  set +e
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [[ -f "$STATE/env" ]] && "$REPO/e2e/scripts/install.sh" down "$STATE" >/dev/null 2>&1
  rm -rf "$WORK"
}

SHARED_OPTS=(-Dephemeral-ns.own-namespace=ephemeral-ns)

# start_webhook <log> [extra -D options...]: sets WEBHOOK_PORT and WEBHOOK_PID; returns at once (use wait_ready)
start_webhook() {
  WEBHOOK_PORT=$(free_port)
  # shellcheck disable=SC2086 # BENCH_WEBHOOK_OPTS: extra JVM options, e.g. -Xlog:gc:file=/tmp/webhook-gc.log
  # shellcheck disable=SC2046 # aot_opts: words without spaces, split on purpose
  (cd "$WEBHOOK_APP" && KUBECONFIG="$WEBHOOK_KUBECONFIG" exec "$JAVA_BIN" "${JAVA_OPTS_BENCH[@]}" $(aot_opts "$WEBHOOK_APP") \
    ${BENCH_WEBHOOK_OPTS:-} "${SHARED_OPTS[@]}" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$(free_port)" -Dquarkus.http.ssl-port="$WEBHOOK_PORT" \
    -Dquarkus.tls.key-store.pem.0.cert="$TLS_CERT" -Dquarkus.tls.key-store.pem.0.key="$TLS_KEY" \
    "${@:2}" -jar quarkus-run.jar > "$1" 2>&1) &
  WEBHOOK_PID=$!
  PIDS+=("$WEBHOOK_PID")
}

# start_janitor <log> [extra -D options...]: long-running janitor; sets JANITOR_PORT and JANITOR_PID
start_janitor() {
  local logf=$1; shift
  JANITOR_PORT=$(free_port)
  # shellcheck disable=SC2046
  (cd "$JANITOR_APP" && KUBECONFIG="$JANITOR_KUBECONFIG" exec "$JAVA_BIN" "${JAVA_OPTS_BENCH[@]}" $(aot_opts "$JANITOR_APP") \
    "${SHARED_OPTS[@]}" -Djanitor.dry-run=true -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$JANITOR_PORT" "$@" \
    -jar quarkus-run.jar > "$logf" 2>&1) &
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
  "$HELM" template ephemeral-ns "$REPO/deploy/helm/ephemeral-ns" --namespace ephemeral-ns \
    --show-only templates/admission.yaml \
    --set janitor.enabled=false --set webhook.enabled=false \
    --set webhook.clientConfig.url="https://127.0.0.1:$WEBHOOK_PORT" \
    --set webhook.clientConfig.caBundle="$CA_BUNDLE" \
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
