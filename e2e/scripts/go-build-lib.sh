# shellcheck shell=bash
# The one cached-build mechanism of build-binaries.sh and build-tools.sh (sourced, not run): a binary built from
# the Go module proxy lands once per version outside the work tree in
#   ${BIN_ROOT}/<name>-<version>/<name>
# and is symlinked into ${LINK_DIR}, ready for PATH. A second call reuses it and builds nothing.
# The caller sets BIN_ROOT and LINK_DIR, defines log and die, and exports its Go settings (GOTOOLCHAIN=local,
# CGO_ENABLED=0, GOFLAGS, GOWORK=off).

# cached_go_build <name> <version> <module dir | -> <package> [ldflags]
#   <module dir>: `go build <package>` inside that (committed wrapper) module, with its go.sum;
#   -           : `go install <package>@<version>` outside any module, so that the module's own go.sum applies
#                 and no go.mod/go.work of the current directory can interfere (modules without replace directives).
# Each build writes into its own temporary directory, so two concurrent builds of one binary cannot mix files.
cached_go_build() {
  local name=$1 version=$2 moddir=$3 pkg=$4 ldflags=${5:-}
  local out_dir="${BIN_ROOT}/${name}-${version}"
  local out="${out_dir}/${name}"
  if [[ -x "${out}" ]]; then
    log "reusing ${out}"
  else
    log "building ${name} ${version} (a cold build takes minutes)..."
    mkdir -p "${out_dir}"
    local tmp start=${SECONDS} rc=0
    tmp=$(mktemp -d "${out_dir}/.build.XXXXXX")
    if [[ "${moddir}" == - ]]; then
      (cd "${tmp}" && GOBIN="${tmp}" nice -n 10 go install -trimpath -ldflags "-s -w ${ldflags}" "${pkg}@${version}") || rc=$?
      # go install names the binary after the package's last element (or the module's for a root package)
      ((rc != 0)) || mv "${tmp}/${pkg##*/}" "${tmp}/${name}" 2>/dev/null || [[ -x "${tmp}/${name}" ]] || rc=1
    else
      (cd "${moddir}" && nice -n 10 go build -trimpath -ldflags "-s -w ${ldflags}" -o "${tmp}/${name}" "${pkg}") || rc=$?
    fi
    if ((rc != 0)); then
      rm -rf "${tmp}"
      die "building ${name} ${version} failed (see the go output above)"
    fi
    mv "${tmp}/${name}" "${out}"
    rm -rf "${tmp}"
    log "built ${name} ${version} in $((SECONDS - start))s -> ${out}"
  fi
  mkdir -p "${LINK_DIR}"
  ln -sfn "${out}" "${LINK_DIR}/${name}"
}
