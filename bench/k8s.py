#!/usr/bin/env python3
"""Bulk namespace operations against the local kube-apiserver with the admin client certificate, for bench/run.sh.

  k8s.py create <count> <prefix> <ttl> [threads]   create CI namespaces (created-by=ci-cd, ttl=<ttl>)
  k8s.py delete <count> <prefix> [threads]          delete them (does not wait for the namespace controller)
  k8s.py create-pods <count> <namespace> <prefix> [threads]   create Pods (one container, no node: they stay Pending)
  k8s.py delete-pods <count> <namespace> <prefix> [threads]   delete them (unscheduled Pods go at once)

Reads APISERVER_URL, CA_CERT, ADMIN_CERT, ADMIN_KEY from the environment (the control plane's env file).
One keep-alive HTTPS connection per thread. Prints one JSON line: count, errors, seconds, per-request
latency p50/p99 in ms. Namespaces get the labels a pipeline sets (created-by=ci-cd, ttl, branch, commit) and the
ephemeral-ns.io/managed=true the webhook stamps on them; K8S_LABELS=k=v,... replaces all but ttl.
"""
import http.client
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse


def connection():
    ctx = ssl.create_default_context(cafile=os.environ["CA_CERT"])
    ctx.load_cert_chain(os.environ["ADMIN_CERT"], os.environ["ADMIN_KEY"])
    url = urllib.parse.urlparse(os.environ["APISERVER_URL"])
    return http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=60)


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def run(op, count, prefix, ttl, threads, namespace=None):
    latencies, errors, lock = [], [], threading.Lock()
    names = ["%s-%05d" % (prefix, i) for i in range(count)]
    labels = {"created-by": "ci-cd", "ttl": ttl, "branch": "bench", "commit": "0" * 40, "ephemeral-ns.io/managed": "true"}
    if os.environ.get("K8S_LABELS"):  # k=v,k=v instead of the selector labels (the ttl label is kept)
        labels = dict(kv.split("=", 1) for kv in os.environ["K8S_LABELS"].split(","))
        labels["ttl"] = ttl

    def worker(chunk):
        conn = connection()
        mine, bad = [], []
        for name in chunk:
            if op == "create":
                body = json.dumps({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}})
                method, path = "POST", "/api/v1/namespaces"
            elif op == "create-pods":
                body = json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": {"app": "bench"}},
                                   "spec": {"containers": [{"name": "app", "image": "registry.invalid/bench:1"}]}})
                method, path = "POST", "/api/v1/namespaces/%s/pods" % namespace
            elif op == "delete-pods":
                body, method, path = None, "DELETE", "/api/v1/namespaces/%s/pods/%s" % (namespace, name)
            else:
                body, method, path = None, "DELETE", "/api/v1/namespaces/" + name
            started = time.perf_counter()
            conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
            mine.append((time.perf_counter() - started) * 1000.0)
            if response.status >= 300:
                bad.append("%s %s: %d %s" % (method, name, response.status, payload[:200]))
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(names[i::threads],)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    seconds = time.perf_counter() - started
    for e in errors[:5]:
        print(e, file=sys.stderr)
    print(json.dumps({"op": op, "count": count, "threads": threads, "errors": len(errors), "seconds": round(seconds, 2),
                      "per_second": round(count / seconds, 1), "p50_ms": round(percentile(latencies, 50), 2),
                      "p99_ms": round(percentile(latencies, 99), 2)}))


if __name__ == "__main__":
    op = sys.argv[1]
    if op == "create":
        run(op, int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 8)
    elif op == "delete":
        run(op, int(sys.argv[2]), sys.argv[3], None, int(sys.argv[4]) if len(sys.argv) > 4 else 8)
    elif op in ("create-pods", "delete-pods"):
        run(op, int(sys.argv[2]), sys.argv[4], None, int(sys.argv[5]) if len(sys.argv) > 5 else 8, namespace=sys.argv[3])
    else:
        sys.exit(__doc__)
