#!/usr/bin/env bash
# Builds the project's container images without a container runtime and pushes them to an OCI registry.
#
# Usage:
#   images/build.sh push        <registry> [options]   everything below, in this order
#   images/build.sh base        <registry> [options]   the Java runtime base image
#   images/build.sh programs    <registry> [options]   janitor and admission-webhook (Jib onto the base), then
#                                                      their AOT caches (needs the base in <registry> and the
#                                                      modules packaged: ./mvnw package -pl janitor,admission-webhook -am)
#   images/build.sh test-images <registry> [options]   the scenarios' tools image and "production" stand-in
#   images/build.sh measure     <registry> [options]   prints sizes and start-up times (docs/benchmarks.md)
#   images/build.sh modules                            prints the JDK modules the programs need (jdeps; slow)
#
# <registry> is host:port of a plain-HTTP registry (e.g. 127.0.0.1:5000); it is used as an insecure registry.
# Images (one naming for all; the chart's defaults are the repositories without the registry):
#   <registry>/ephemeral-ns/java-runtime:<jdk>   jlink'ed JDK runtime, glibc, CA certificates, user 185
#   <registry>/ephemeral-ns/janitor:<tag>        the janitor (Quarkus aot-jar by Jib) + AOT cache layer
#   <registry>/ephemeral-ns/admission-webhook:<tag>  the admission webhook, likewise
#   <registry>/ephemeral-ns/tools:<tag>          busybox + curl (uid 65532), idles until terminated
#   <registry>/ephemeral-ns/prod-http:<tag>      busybox httpd on port 8080 (uid 65532) serving "production"
#
# Options:
#   --tag T        tag of the program and test images (default: the chart's appVersion)
#   --no-aot       programs: skip the AOT cache (training run in the image's rootfs; needs root)
#   --work-dir D   working directory (default: a new directory under ${TMPDIR:-/tmp}, removed on exit)
#
# Environment:
#   JDK_HOME   the JDK whose runtime is linked into the base image (default: the Temurin 25 JDK in /usr/lib/jvm)
#   CRANE      crane binary (default: crane on PATH, else ~/.cache/ephemeral-ns/bin/crane-<v>/crane, else
#              `go install` of e2e/versions.env's CRANE_VERSION into the work directory)
#   KUBE_BIN_DIR  passed to e2e/scripts/control-plane.sh for the AOT training runs
#
# Host requirements: Debian (apt-get download busybox-static), curl and ca-certificates installed (copied into the
# tools image with the libraries ldd names), python3, openssl, root for the AOT training (chroot via unshare).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
GROUP=ephemeral-ns
APP_UID=185             # the chart's pod securityContext runs as 185 (runAsUser/runAsGroup/fsGroup)
TEST_UID=65532          # test images: an unprivileged uid with no meaning on the host
CRANE_VERSION_DEFAULT=v0.22.1
# JDK modules of both programs: `images/build.sh modules` (jdeps over every jar of both quarkus-app directories)
# printed java.base,java.desktop,java.logging,java.naming,java.rmi,java.sql,jdk.compiler,jdk.management,
# jdk.unsupported. Left out: jdk.compiler (only Vert.x's compiling of .java verticles and vertx-codegen's
# annotation processor refer to it; 11 MB of ct.sym alone). Added: jdk.crypto.ec (TLS with EC keys on JDKs that
# still ship it as a module), jdk.jcmd (thread and heap dumps with `kubectl exec ... jcmd 1 Thread.print`) and
# jdk.zipfs (the jar: file system provider, found through ServiceLoader, which jdeps cannot see: SmallRye Config
# fails at start-up without it, "Unable to find provider supporting jar scheme").
# java.desktop stays (java.beans, used by Quarkus, Jackson, SnakeYAML); its AWT and sound libraries are kept
# without their X11/ALSA dependencies (EXCLUDED_NATIVE), which a headless program never loads.
JAVA_MODULES=java.base,java.desktop,java.logging,java.naming,java.rmi,java.sql,jdk.management,jdk.unsupported
JAVA_MODULES+=,jdk.crypto.ec,jdk.jcmd,jdk.zipfs
EXCLUDED_NATIVE='/lib/lib(awt_xawt|jawt|jsound|splashscreen)\.so$'
PROGRAMS=(janitor admission-webhook)

log() { echo "images: $*" >&2; }
die() { echo "images: ERROR: $*" >&2; exit 1; }
usage() { awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "${BASH_SOURCE[0]}" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------------------------
# arguments, work directory, tools
# ---------------------------------------------------------------------------------------------------------------
CMD=${1:-}; [[ -n $CMD ]] || usage; shift
REGISTRY=""
if [[ $CMD != modules ]]; then
  [[ $# -ge 1 && $1 != --* ]] || usage
  REGISTRY=$1; shift
fi
TAG=""; AOT=1; WORK=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --tag) TAG=${2:?--tag needs a value}; shift 2 ;;
    --no-aot) AOT=0; shift ;;
    --work-dir) WORK=${2:?--work-dir needs a value}; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n $TAG ]] || TAG=$(awk '$1 == "appVersion:" {gsub(/"/, "", $2); print $2}' "$REPO/deploy/helm/ephemeral-ns/Chart.yaml")

KEEP_WORK=1
if [[ -z $WORK ]]; then WORK=$(mktemp -d "${TMPDIR:-/tmp}/ephemeral-ns-images.XXXXXX"); KEEP_WORK=0; fi
mkdir -p "$WORK"
CP_STATE="$WORK/control-plane"
cleanup() {
  local rc=$?
  if [[ -f "$CP_STATE/env" ]]; then "$REPO/e2e/scripts/control-plane.sh" down "$CP_STATE" >/dev/null 2>&1 || true; fi
  if [[ $KEEP_WORK == 0 ]]; then rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

find_jdk() {
  if [[ -n ${JDK_HOME:-} ]]; then echo "$JDK_HOME"; return; fi
  local d
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    [[ -x $d/bin/jlink ]] && { echo "$d"; return; }
  done
  die "no JDK 25 found in /usr/lib/jvm (set JDK_HOME)"
}

find_crane() {
  if [[ -n ${CRANE:-} ]]; then echo "$CRANE"; return; fi
  if command -v crane >/dev/null; then command -v crane; return; fi
  local v=$CRANE_VERSION_DEFAULT
  # shellcheck disable=SC1091
  [[ -f $REPO/e2e/versions.env ]] && v=$( (. "$REPO/e2e/versions.env"; echo "${CRANE_VERSION:-$v}") )
  local cached="$HOME/.cache/ephemeral-ns/bin/crane-$v/crane"
  if [[ -x $cached ]]; then echo "$cached"; return; fi
  log "building crane $v from the Go module proxy"
  GOBIN="$WORK/bin" go install "github.com/google/go-containerregistry/cmd/crane@$v" >&2
  echo "$WORK/bin/crane"
}

crane() { "$CRANE_BIN" --insecure "$@"; }

jdk_version() { awk -F'"' '/^JAVA_VERSION=/ {print $2}' "$1/release"; }

# ---------------------------------------------------------------------------------------------------------------
# root filesystems
# ---------------------------------------------------------------------------------------------------------------

# copy_with_libs <rootfs> <file...>: the files, and every shared library ldd names for them (from this host's
# Debian packages), at the same paths; the dynamic loader at the path the ELF files ask for.
copy_with_libs() {
  local root=$1; shift
  local f lib
  for f in "$@"; do
    ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' || true
  done | sort -u | { grep -v "^$root/" || true; } | while read -r lib; do
    # host paths go through the /lib -> usr/lib symlink; the image keeps the path the binaries ask for
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# base_files <rootfs> <uid> <name> <home>: passwd/group with root and one unprivileged user, nsswitch, /tmp.
base_files() {
  local root=$1 uid=$2 name=$3 home=$4
  mkdir -p "$root/etc" "$root/tmp" "$root$home"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\n%s:x:%s:%s:%s:%s:/sbin/nologin\n' "$name" "$uid" "$uid" "$name" "$home" \
    > "$root/etc/passwd"
  printf 'root:x:0:\n%s:x:%s:\n' "$name" "$uid" > "$root/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
  chown "$uid:$uid" "$root$home"
}

# layer_tar <rootfs> <tar>: a reproducible layer (sorted, numeric owners kept, fixed mtime).
layer_tar() {
  tar --sort=name --numeric-owner --mtime=@1 --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$1" -cf "$2" .
}

# ---------------------------------------------------------------------------------------------------------------
# base: the Java runtime image
# ---------------------------------------------------------------------------------------------------------------
base_ref() { echo "$REGISTRY/$GROUP/java-runtime:$(jdk_version "$JDK")"; }

build_base() {
  local root="$WORK/base-rootfs" ref; ref=$(base_ref)
  rm -rf "$root"; mkdir -p "$root/opt"
  log "jlink $(jdk_version "$JDK") runtime: $JAVA_MODULES"
  # --generate-cds-archive: the default CDS archive of the linked module set (faster start, as a full JDK)
  "$JDK/bin/jlink" --add-modules "$JAVA_MODULES" --output "$root/opt/java" --strip-debug --no-header-files \
    --no-man-pages --generate-cds-archive
  base_files "$root" "$APP_UID" app /home/jboss
  mkdir -p "$root/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  # only for heaps above 32 GB (no compressed oops): never in these pods
  rm -f "$root/opt/java/lib/server/classes_nocoops.jsa"
  # shellcheck disable=SC2046
  copy_with_libs "$root" $(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) | grep -Ev "$EXCLUDED_NATIVE")
  layer_tar "$root" "$WORK/base.tar"
  log "pushing $ref"
  crane append --oci-empty-base -f "$WORK/base.tar" -t "$ref" >/dev/null
  crane mutate "$ref" --set-platform linux/amd64 --user "$APP_UID:$APP_UID" --workdir /home/jboss \
    -e JAVA_HOME=/opt/java -e PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin \
    -l "io.ephemeral-ns.java-runtime=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.vendor.version/ {print $2}')" \
    -l "io.ephemeral-ns.java-runtime.modules=$JAVA_MODULES" \
    --entrypoint java -t "$ref" >/dev/null
  log "pushed $ref ($(du -sh "$root" | cut -f1) uncompressed)"
}

# ---------------------------------------------------------------------------------------------------------------
# programs: Jib (the modules' Quarkus configuration) onto the base, then the AOT cache
# ---------------------------------------------------------------------------------------------------------------
program_ref() { echo "$REGISTRY/$GROUP/$1:$TAG"; }

build_programs() {
  local base; base=$(base_ref)
  crane manifest "$base" >/dev/null || die "base image $base not in the registry: run \`$0 base $REGISTRY\` first"
  local p
  for p in "${PROGRAMS[@]}"; do
    [[ -f $REPO/$p/target/quarkus-app/quarkus-run.jar ]] \
      || die "$p/target/quarkus-app missing: ./mvnw package -pl janitor,admission-webhook -am first"
  done
  # the Quarkus build with Jib pushing its result, over the packaged modules' classes: the lifecycle only up to
  # `compile` (up to date: nothing is compiled again; Maven hands a sibling module's classes to the next one only
  # when its compile phase ran), so no test runs twice; the library modules set quarkus.build.skip (pom.xml)
  log "Jib: $(program_ref janitor), $(program_ref admission-webhook) onto $base"
  (cd "$REPO" && ./mvnw -B -ntp -q compile quarkus:image-push -pl janitor,admission-webhook -am \
    -Dquarkus.container-image.registry="$REGISTRY" -Dquarkus.container-image.insecure=true \
    -Dquarkus.container-image.tag="$TAG" -Dquarkus.jib.base-jvm-image="$base" >&2)
  for p in "${PROGRAMS[@]}"; do
    crane manifest "$(program_ref "$p")" >/dev/null || die "Jib did not push $(program_ref "$p")"
  done
  if [[ $AOT == 1 ]]; then
    for p in "${PROGRAMS[@]}"; do aot_cache "$p"; done
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# test images
# ---------------------------------------------------------------------------------------------------------------
busybox_rootfs() {
  local root=$1 deb
  mkdir -p "$WORK/debs" "$root/bin"
  if ! ls "$WORK"/debs/busybox-static_*.deb >/dev/null 2>&1; then
    (cd "$WORK/debs" && apt-get download -q -o APT::Sandbox::User=root busybox-static >&2)
  fi
  deb=$(ls "$WORK"/debs/busybox-static_*.deb)
  rm -rf "$WORK/busybox-deb"; dpkg-deb -x "$deb" "$WORK/busybox-deb"
  cp "$WORK/busybox-deb/bin/busybox" "$root/bin/busybox"
  local applet
  for applet in $("$root/bin/busybox" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
  done
  base_files "$root" "$TEST_UID" nonroot /home/nonroot
  echo "busybox-static $(dpkg-deb -f "$deb" Version)"
}

build_test_images() {
  local root deb ref
  # tools: busybox + curl (+ its libraries and the CA bundle); PID 1 exits on TERM at once
  root="$WORK/tools-rootfs"; rm -rf "$root"; mkdir -p "$root"
  deb=$(busybox_rootfs "$root")
  command -v curl >/dev/null || die "curl is not installed on this host (apt-get install curl)"
  mkdir -p "$root/usr/bin" "$root/etc/ssl/certs"
  cp "$(command -v curl)" "$root/usr/bin/curl"
  copy_with_libs "$root" "$root/usr/bin/curl"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  layer_tar "$root" "$WORK/tools.tar"
  ref="$REGISTRY/$GROUP/tools:$TAG"; log "pushing $ref"
  crane append --oci-empty-base -f "$WORK/tools.tar" -t "$ref" >/dev/null
  crane mutate "$ref" --set-platform linux/amd64 --user "$TEST_UID:$TEST_UID" --workdir /home/nonroot \
    -e PATH=/usr/bin:/bin -l "org.opencontainers.image.description=$deb and curl $(dpkg-query -W -f '${Version}' curl) (Debian)" \
    --entrypoint /bin/sh --cmd "-c,trap 'exit 0' TERM INT; while :; do sleep 3600 & wait \$!; done" \
    -t "$ref" >/dev/null

  # prod-http: busybox httpd, foreground, port 8080, one fixed page
  root="$WORK/prod-rootfs"; rm -rf "$root"; mkdir -p "$root"
  deb=$(busybox_rootfs "$root")
  mkdir -p "$root/www"; echo "production" > "$root/www/index.html"
  layer_tar "$root" "$WORK/prod.tar"
  ref="$REGISTRY/$GROUP/prod-http:$TAG"; log "pushing $ref"
  crane append --oci-empty-base -f "$WORK/prod.tar" -t "$ref" >/dev/null
  crane mutate "$ref" --set-platform linux/amd64 --user "$TEST_UID:$TEST_UID" --workdir /www \
    -e PATH=/bin --exposed-ports 8080/tcp -l "org.opencontainers.image.description=$deb (Debian) httpd serving /www" \
    --entrypoint /bin/httpd --cmd "-f,-v,-p,8080,-h,/www" -t "$ref" >/dev/null
}

# ---------------------------------------------------------------------------------------------------------------
# modules: what jdeps says the programs need (both quarkus-app directories must be built)
# ---------------------------------------------------------------------------------------------------------------
print_modules() {
  local classes="$WORK/classes" j p
  mkdir -p "$classes"
  for p in "${PROGRAMS[@]}"; do
    [[ -d $REPO/$p/target/quarkus-app ]] || die "$p/target/quarkus-app missing: ./mvnw package -pl $p -am first"
    # unpacked without module-info: jdeps then treats every jar as class path (no module resolution errors)
    for j in "$REPO/$p"/target/quarkus-app/{lib/boot,lib/main,app,quarkus}/*.jar; do
      unzip -q -o "$j" -x 'module-info.class' 'META-INF/versions/*/module-info.class' -d "$classes" 2>/dev/null || true
    done
  done
  "$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$(jdk_version "$JDK" | cut -d. -f1)" \
    -q "$classes"
}

# ---------------------------------------------------------------------------------------------------------------
# running a program image without a container runtime (AOT training, measurements)
# ---------------------------------------------------------------------------------------------------------------
# The image is exported to a directory and its entrypoint runs there with `unshare --mount-proc --root`: a chroot
# with its own /proc in a private mount namespace (gone with the process; nothing is mounted on the host), as the
# image's user, on the host's network, against a throw-away control plane. Only what the JVM and the run need and
# a kubelet would provide are added to the exported copy, never to the image: /dev/{null,random,urandom}, /proc,
# a kubeconfig and, for the webhook, a certificate.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

kc() { kubectl --kubeconfig "$CP_STATE/kubeconfig" "$@"; }

control_plane() {
  [[ -f $CP_STATE/env ]] && return 0
  log "control plane for the runs in the images (e2e/scripts/control-plane.sh)"
  "$REPO/e2e/scripts/control-plane.sh" up "$CP_STATE" >/dev/null 2>"$WORK/control-plane.log" \
    || { cat "$WORK/control-plane.log" >&2; die "control plane did not start"; }
  kc create namespace ephemeral-ns >/dev/null
  # CI namespaces for the janitor's sweeps: expired ones (deleted), a kept one and an unexpired one
  local i
  for i in 1 2 3; do
    kc create namespace "ci-training-$i" >/dev/null
    kc label namespace "ci-training-$i" created-by=ci-cd ttl=1s >/dev/null
  done
  kc create namespace ci-training-kept >/dev/null
  kc label namespace ci-training-kept created-by=ci-cd ttl=1s keep=true >/dev/null
  kc create namespace ci-training-young >/dev/null
  kc label namespace ci-training-young created-by=ci-cd ttl=24h >/dev/null
}

# prepare_run <program>: exports its image to $WORK/run-<program> and sets R_ROOT, R_WORKDIR, R_USER, R_ARGS (the
# entrypoint after `java`), R_ENV (the image's environment plus the run's), R_HOST_ENV (the same with host paths,
# for the host JDK), R_URL (readiness) and R_BASE (https://... or http://127.0.0.1:<free port>)
prepare_run() {
  local p=$1 ref cfg port
  ref=$(program_ref "$p")
  R_ROOT="$WORK/run-$p"
  rm -rf "$R_ROOT"; mkdir -p "$R_ROOT"
  crane export "$ref" - | tar -x --warning=no-unknown-keyword -C "$R_ROOT"  # as root: owners, modes, mtimes kept
  cfg=$(crane config "$ref")
  R_WORKDIR=$(jq -r '.config.WorkingDir' <<<"$cfg")
  R_USER=$(jq -r '.config.User' <<<"$cfg"); [[ $R_USER == *:* ]] || R_USER="$R_USER:$R_USER"
  local entry=(); mapfile -t entry < <(jq -r '.config.Entrypoint[]' <<<"$cfg")
  [[ ${entry[0]} == java ]] || die "$ref: entrypoint ${entry[*]} does not start with java"
  R_ARGS=("${entry[@]:1}")
  mkdir -p "$R_ROOT/dev" "$R_ROOT/proc" "$R_ROOT/training"
  mknod -m 666 "$R_ROOT/dev/null" c 1 3; mknod -m 666 "$R_ROOT/dev/random" c 1 8
  mknod -m 666 "$R_ROOT/dev/urandom" c 1 9
  control_plane
  kc config view --raw --flatten > "$R_ROOT/training/kubeconfig"
  chmod 644 "$R_ROOT/training/kubeconfig"
  port=$(free_port)
  mapfile -t R_ENV < <(jq -r '.config.Env[]' <<<"$cfg")
  R_ENV+=(KUBECONFIG=/training/kubeconfig EPHEMERAL_NS_OWN_NAMESPACE=ephemeral-ns)
  if [[ $p == janitor ]]; then
    # as the chart runs it (leader election on, its Lease in the own namespace), sweeping every 2 s
    R_ENV+=("QUARKUS_HTTP_PORT=$port" JANITOR_INTERVAL=2s JANITOR_LEADER_ELECTION_ENABLED=true
      JANITOR_LEADER_ELECTION_LEASE_NAMESPACE=ephemeral-ns)
    R_BASE="http://127.0.0.1:$port"
  else
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=training -keyout "$R_ROOT/training/tls.key" \
      -out "$R_ROOT/training/tls.crt" 2>/dev/null
    chmod 644 "$R_ROOT/training/tls.key"
    R_ENV+=("QUARKUS_HTTP_SSL_PORT=$port" QUARKUS_TLS_KEY_STORE_PEM_0_CERT=/training/tls.crt
      QUARKUS_TLS_KEY_STORE_PEM_0_KEY=/training/tls.key)
    R_BASE="https://127.0.0.1:$port"
  fi
  R_URL="$R_BASE/q/health/ready"
  R_HOST_ENV=("${R_ENV[@]/=\/training\//=$R_ROOT/training/}")
}

# exec_in_image <java options...>: becomes the prepared image's entrypoint with these JVM options first (run it
# with & to get the JVM's pid in $!, or in a subshell: in_image)
exec_in_image() {
  exec env -i "${R_ENV[@]}" "$(command -v unshare)" --mount-proc=/proc --root="$R_ROOT" --wd="$R_WORKDIR" \
    --setuid "${R_USER%%:*}" --setgid "${R_USER##*:}" -- java "$@" "${R_ARGS[@]}"
}
in_image() { (exec_in_image "$@"); }

# exec_on_host <java> <java options...>: becomes the module's target/quarkus-app on a host JDK, with the same
# arguments and settings
exec_on_host() {
  local java=$1; shift
  cd "$REPO/$R_PROGRAM/target/quarkus-app"
  exec env -i PATH=/usr/bin:/bin "${R_HOST_ENV[@]}" "$java" "$@" "${R_ARGS[@]}"
}

# wait_ready <pid> <seconds>: until R_URL answers 200; fails at once when the process is gone
wait_ready() {
  local i
  for i in $(seq 1 "$(($2 * 10))"); do
    curl -ksf -o /dev/null "$R_URL" && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# workload: what the training run does once the program is ready (a sweep; admission requests), and metrics
workload() {
  if [[ $R_PROGRAM == janitor ]]; then
    local i
    for i in $(seq 1 100); do
      (($(grep -c 'sweep' "$1" || true) >= 2)) && break; sleep 0.2
    done
  else
    local r
    for r in "$REPO"/bench/requests/*.json; do
      curl -ksf -o /dev/null -H 'Content-Type: application/json' --data-binary "@$r" "$R_BASE/mutate" || true
      curl -ksf -o /dev/null -H 'Content-Type: application/json' --data-binary "@$r" "$R_BASE/validate" || true
    done
  fi
  curl -ksf -o /dev/null "$R_BASE/q/metrics" || true
}

# ---------------------------------------------------------------------------------------------------------------
# AOT cache (JDK 25, JEP 483/514/515): recorded by the image's own JVM over the image's own files
# ---------------------------------------------------------------------------------------------------------------
# A cache is valid only for the JVM binaries, the runtime's module image and the class path (paths, sizes,
# modification times) it was recorded with; with anything else the JVM ignores it with a warning. So it is
# recorded in the exported image (prepare_run) and appended as one more layer; the entrypoint gains
# -XX:AOTCache. Both modules package as Quarkus' aot-jar (quarkus.package.jar.type), which puts the application's
# classes on the JVM's class path, so the cache holds them too (with fast-jar, whose own class loader a JDK 25
# cache does not cover, it held only the JDK and Quarkus' bootstrap). The training runs with the entrypoint's JVM
# flags (the modules' quarkus.jib.jvm-additional-arguments), so the profiles are those of the collector and
# compilers the pod runs with.
aot_cache() {
  R_PROGRAM=$1
  local ref; ref=$(program_ref "$1")
  log "AOT cache for $ref: training run in the image's root filesystem"
  prepare_run "$1"
  local log="$WORK/aot-$1-record.log"
  # record: the program starts, serves (one sweep / admission requests), and is stopped as the kubelet would
  exec_in_image -XX:AOTMode=record -XX:AOTConfiguration=/tmp/app.aotconf > "$log" 2>&1 &
  local pid=$!
  if ! wait_ready "$pid" 120; then
    kill "$pid" 2>/dev/null || true; grep -v '\[aot\]' "$log" | tail -30 >&2; die "$1 did not become ready"
  fi
  workload "$log"
  kill -TERM "$pid"; wait "$pid" || true
  [[ -s $R_ROOT/tmp/app.aotconf ]] || { tail -30 "$log" >&2; die "$1: no AOT configuration recorded"; }
  # create: the cache from the configuration, with the same class path (the program does not run)
  in_image -XX:AOTMode=create -XX:AOTConfiguration=/tmp/app.aotconf -XX:AOTCache=/tmp/app.aot \
    > "$WORK/aot-$1-create.log" 2>&1 || { tail -30 "$WORK/aot-$1-create.log" >&2; die "$1: AOT cache creation failed"; }
  # check: the program, started as the entrypoint will start it, maps the cache and becomes ready (AOTMode=on
  # refuses to start instead of ignoring a mismatch; the class path is part of what must match, so the check runs
  # the program itself, not `java -version`)
  exec_in_image -XX:AOTMode=on -XX:AOTCache=/tmp/app.aot > "$WORK/aot-$1-check.log" 2>&1 &
  pid=$!
  if ! wait_ready "$pid" 120; then
    kill "$pid" 2>/dev/null || true; tail -30 "$WORK/aot-$1-check.log" >&2; die "$1: the image's JVM refuses the AOT cache"
  fi
  kill -TERM "$pid"; wait "$pid" || true

  local layer="$WORK/aot-$1-layer"
  rm -rf "$layer"; mkdir -p "$layer$R_WORKDIR"
  cp "$R_ROOT/tmp/app.aot" "$layer$R_WORKDIR/app.aot"; chmod 644 "$layer$R_WORKDIR/app.aot"
  layer_tar "$layer" "$WORK/aot-$1.tar"
  local entry; entry=$(printf '%s,' java "-XX:AOTCache=$R_WORKDIR/app.aot" "${R_ARGS[@]}")
  [[ $entry != *\"* ]] || die "an entrypoint argument with a quote: ${R_ARGS[*]}"
  crane mutate "$ref" --append "$WORK/aot-$1.tar" --entrypoint "${entry%,}" \
    -l "io.ephemeral-ns.aot-cache=$R_WORKDIR/app.aot, recorded in the image over start-up and serving" \
    -t "$ref" >/dev/null
  log "$ref: AOT cache of $(du -h "$layer$R_WORKDIR/app.aot" | cut -f1) appended"
}

# ---------------------------------------------------------------------------------------------------------------
# measure: sizes and start-up of the pushed images (the numbers of docs/benchmarks.md, section "Images")
# ---------------------------------------------------------------------------------------------------------------
# Sizes: compressed = the manifest's layers (what a node pulls), uncompressed = the exported root filesystem.
# Start-up: launch to /q/health/ready answering 200 (RUNS runs, default 3; median (min–max)), the JVM's CPU time
# (user + system) until then, and VmRSS 5 s after ready (after the training's workload), against the throw-away
# control plane: the image's entrypoint in its root filesystem as shipped (with the AOT cache), the same without -XX:AOTCache, and the module's target/quarkus-app on
# the host's default JDK (`java`, JDK 17 here) with the same JVM arguments; each with -XX:MaxRAM set to the chart's
# memory limit, from which the JVM sizes its heap as in the pod. Needs the modules packaged (as `programs` does).
megabytes() { awk '{printf "%.1f MB", $1 / 1e6}'; }

one_start() {
  local t0 pid ms rss cpu log="$WORK/measure-run.log"
  t0=$(date +%s%N)
  "$@" > "$log" 2>&1 &
  pid=$!
  if ! wait_ready "$pid" 120; then kill "$pid" 2>/dev/null || true; tail -20 "$log" >&2; die "not ready: $*"; fi
  ms=$((($(date +%s%N) - t0) / 1000000))
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
  workload "$log"
  sleep 5
  rss=$(ps -o rss= -p "$pid")   # the JVM: env and unshare exec it
  kill -TERM "$pid"; wait "$pid" || true
  echo "$ms $((rss / 1024)) $cpu"
}

summary() { sort -n | awk '{a[NR]=$1} END {printf "%d (%d–%d)", a[int((NR+1)/2)], a[1], a[NR]}'; }

measure() {
  local runs=${RUNS:-3} ref p variant i
  echo "| image | compressed (pulled) | uncompressed |"
  echo "|---|---|---|"
  for ref in "$REGISTRY/$GROUP/java-runtime:$(jdk_version "$JDK")" "$(program_ref janitor)" \
    "$(program_ref admission-webhook)" "$REGISTRY/$GROUP/tools:$TAG" "$REGISTRY/$GROUP/prod-http:$TAG"; do
    echo "| \`${ref#"$REGISTRY"/}\` | $(crane manifest "$ref" | jq '[.layers[].size] | add' | megabytes) |" \
      "$(crane export "$ref" - | tar -t -v --warning=no-unknown-keyword -f - | awk '{s += $3} END {print s}' | megabytes) |"
  done
  echo
  echo "| program | runtime | runs | ms to ready: median (min–max) | CPU ms until ready | RSS MiB 5 s after ready | 1-min load (min–max) |"
  echo "|---|---|---|---|---|---|---|"
  for p in "${PROGRAMS[@]}"; do
    R_PROGRAM=$p
    prepare_run "$p"
    local aot=() variants=(image host) limit
    if [[ ${R_ARGS[0]} == -XX:AOTCache=* ]]; then aot=("${R_ARGS[0]}"); R_ARGS=("${R_ARGS[@]:1}"); variants=(image-aot image host); fi
    # the JVM sizes its heap from the chart's memory limit, as in the pod (no cgroup limit here)
    limit=$(awk -v p="$p" '$1 == (p == "janitor" ? "janitor:" : "webhook:") {s = 1} s && $1 == "limits:" {l = 1}
      s && l && $1 == "memory:" {print $2; exit}' "$REPO/deploy/helm/ephemeral-ns/values.yaml")
    limit=${limit%i}; limit=${limit,,}
    declare -A rows=() loads=()
    # the variants take turns, so that the machine's changing load falls on all of them alike
    for i in $(seq 1 "$runs"); do
      for variant in "${variants[@]}"; do
        case $variant in
          image-aot) rows[$variant]+="$(one_start exec_in_image "-XX:MaxRAM=$limit" "${aot[@]}")"$'\n' ;;
          image) rows[$variant]+="$(one_start exec_in_image "-XX:MaxRAM=$limit")"$'\n' ;;
          host) rows[$variant]+="$(one_start exec_on_host java "-XX:MaxRAM=$limit")"$'\n' ;;
        esac
        loads[$variant]+="$(cut -d' ' -f1 /proc/loadavg)"$'\n'
      done
    done
    for variant in "${variants[@]}"; do
      local label
      case $variant in
        image-aot) label="image: $(jdk_version "$JDK") + AOT cache" ;;
        image) label="image: $(jdk_version "$JDK"), no AOT cache" ;;
        host) label="host: $(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2}')" ;;
      esac
      echo "| $p | $label, -XX:MaxRAM=$limit | $runs | $(printf '%s' "${rows[$variant]}" | cut -d' ' -f1 | summary) |" \
        "$(printf '%s' "${rows[$variant]}" | cut -d' ' -f3 | summary) |" \
        "$(printf '%s' "${rows[$variant]}" | cut -d' ' -f2 | summary) |" \
        "$(printf '%s' "${loads[$variant]}" | sort -n | awk '{a[NR]=$1} END {print a[1] "–" a[NR]}') |"
    done
    unset rows loads
  done
}

JDK=$(find_jdk)
case $CMD in
  modules) print_modules; exit 0 ;;
esac
CRANE_BIN=$(find_crane)
case $CMD in
  base) build_base ;;
  programs) build_programs ;;
  test-images) build_test_images ;;
  push) build_base; build_programs; build_test_images ;;
  measure) measure ;;
  *) usage ;;
esac
log "$CMD: done"
