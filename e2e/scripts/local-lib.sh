# Shell helpers shared by demo.sh and bench/ (sourced, not run) for running the programs as local processes
# against the control plane of e2e/scripts/control-plane.sh. Expects APISERVER_URL and CA_CERT (from its env file).

# free_port: a free TCP port on 127.0.0.1
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# make_serving_certificate <dir> <ca-common-name>: a throw-away CA (ca.crt, ca.key) and a serving certificate for
# 127.0.0.1 signed by it (tls.crt, tls.key) in <dir>; the API server trusts it through the caBundle
make_serving_certificate() {
  local dir=$1
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$2" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$dir/tls.key" -out "$dir/tls.csr" 2>/dev/null
  echo "subjectAltName=IP:127.0.0.1" > "$dir/san.ext"
  openssl x509 -req -in "$dir/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 1 \
    -extfile "$dir/san.ext" -out "$dir/tls.crt" 2>/dev/null
}

# write_token_kubeconfig <serviceaccount> <file> <duration>: a kubeconfig for ServiceAccount ephemeral-ns/<sa>
# with a token from the TokenRequest API, the way a program outside the cluster is pointed at one
write_token_kubeconfig() {
  local token
  token=$(kubectl create token "$1" -n ephemeral-ns --duration="$3")
  kubectl config --kubeconfig="$2" set-cluster local --server="$APISERVER_URL" --certificate-authority="$CA_CERT" >/dev/null
  kubectl config --kubeconfig="$2" set-credentials "$1" --token="$token" >/dev/null
  kubectl config --kubeconfig="$2" set-context local --cluster=local --user="$1" --namespace=ephemeral-ns >/dev/null
  kubectl config --kubeconfig="$2" use-context local >/dev/null
}

# stop_local_processes: the EXIT trap's work for demo.sh and bench/: stops the processes in the PIDS array, the
# control plane in $STATE (if it came up) and removes $WORK. Never fails.
stop_local_processes() {
  set +e
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [[ -f "$STATE/env" ]] && "$REPO/e2e/scripts/control-plane.sh" down "$STATE" >/dev/null 2>&1
  rm -rf "$WORK"
}
