#!/usr/bin/env python3
"""Bulk namespace operations against the local kube-apiserver with the admin client certificate, for bench/run.sh.

  k8s.py create <count> <prefix> <ttl> [threads]   create CI namespaces (created-by=ci-cd, ttl=<ttl>); a ttl of
                                                    <a>s..<b>s spreads them: the i-th gets a + i*(b-a)/count seconds
  k8s.py delete <count> <prefix> [threads]          delete them (does not wait for the namespace controller)
  k8s.py create-pods <count> <namespace> <prefix> [threads]   create Pods (one container, no node: they stay Pending)
  k8s.py delete-pods <count> <namespace> <prefix> [threads]   delete them (unscheduled Pods go at once)
  k8s.py watch-deletions <label selector> <count> <timeout s> <out.jsonl>
      list and watch the namespaces of the selector; for each, when this process first saw it with a
      deletionTimestamp (or gone), write {name, created-by, expiry_ms, deleted_ms, latency_ms} to out.jsonl, where
      expiry_ms = creationTimestamp + its ttl label (the expiry rule for a valid ttl); returns when <count> were
      seen deleted or after <timeout s>; prints how many

Reads APISERVER_URL, CA_CERT, ADMIN_CERT, ADMIN_KEY from the environment (the control plane's env file).
One keep-alive HTTPS connection per thread. Prints one JSON line: count, errors, seconds, per-request
latency p50/p99 in ms. Namespaces get the labels a pipeline sets (created-by=ci-cd, ttl, branch, commit) and the
ephemeral-ns.io/managed=true the webhook stamps on them; K8S_LABELS=k=v,... replaces all but ttl.
"""
import http.client
import json
import os
import re
import ssl
import sys
import threading
import time
import urllib.parse
from datetime import datetime


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
    ttls = [ttl] * count
    if ttl and ".." in ttl:  # a spread of ttls: <a>s..<b>s
        low, high = (int(t.rstrip("s")) for t in ttl.split(".."))
        ttls = ["%ds" % (low + i * (high - low) // count) for i in range(count)]
    labels = {"created-by": "ci-cd", "ttl": ttl, "branch": "bench", "commit": "0" * 40, "ephemeral-ns.io/managed": "true"}
    if os.environ.get("K8S_LABELS"):  # k=v,k=v instead of the selector labels (the ttl label is kept)
        labels = dict(kv.split("=", 1) for kv in os.environ["K8S_LABELS"].split(","))
        labels["ttl"] = ttl

    def worker(chunk):
        conn = connection()
        mine, bad = [], []
        for i in chunk:
            name = names[i]
            if op == "create":
                body = json.dumps({"apiVersion": "v1", "kind": "Namespace",
                                   "metadata": {"name": name, "labels": dict(labels, ttl=ttls[i])}})
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
    workers = [threading.Thread(target=worker, args=(range(count)[i::threads],)) for i in range(threads)]
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


TTL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def ttl_seconds(ttl):
    """The ttl label's grammar (one or more <digits><unit>), or None when invalid."""
    if not ttl or not re.fullmatch(r"(\d+[smhdw])+", ttl):
        return None
    return sum(int(n) * TTL_UNITS[u] for n, u in re.findall(r"(\d+)([smhdw])", ttl))


def epoch_ms(stamp):
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)


def watch_deletions(selector, count, timeout, out_path):
    """See the usage: the time each namespace was first seen terminating (or gone), against its expiry."""
    deadline, seen, known = time.time() + timeout, set(), {}
    out = open(out_path, "a")

    def note(ns, now_ms, gone=False):
        meta = ns["metadata"]
        name = meta["name"]
        if name in seen:
            return
        known[name] = meta
        if not meta.get("deletionTimestamp") and not gone:
            return
        seen.add(name)
        ttl = ttl_seconds((meta.get("labels") or {}).get("ttl"))
        expiry = epoch_ms(meta["creationTimestamp"]) + ttl * 1000 if ttl else None
        out.write(json.dumps({"name": name, "created-by": (meta.get("labels") or {}).get("created-by"),
                              "expiry_ms": expiry, "deleted_ms": now_ms,
                              "latency_ms": now_ms - expiry if expiry else None}) + "\n")
        out.flush()

    sel = urllib.parse.quote(selector)
    resource_version = None
    while len(seen) < count and time.time() < deadline:
        conn = connection()
        try:
            if resource_version is None:
                conn.request("GET", "/api/v1/namespaces?labelSelector=" + sel)
                listing = json.loads(conn.getresponse().read())
                for ns in listing["items"]:
                    note(ns, int(time.time() * 1000))
                resource_version = listing["metadata"]["resourceVersion"]
            wait = max(1, min(300, int(deadline - time.time())))
            conn.request("GET", "/api/v1/namespaces?watch=true&allowWatchBookmarks=true&labelSelector=%s"
                         "&resourceVersion=%s&timeoutSeconds=%d" % (sel, resource_version, wait))
            response = conn.getresponse()
            if response.status != 200:
                resource_version = None
                continue
            conn.sock.settimeout(max(1, deadline - time.time()))
            for line in response:
                event = json.loads(line)
                if event["type"] == "ERROR":  # 410 Gone: list again
                    resource_version = None
                    break
                resource_version = event["object"]["metadata"]["resourceVersion"]
                if event["type"] == "BOOKMARK":
                    continue
                note(event["object"], int(time.time() * 1000), event["type"] == "DELETED")
                if len(seen) >= count:
                    break
        except (OSError, http.client.HTTPException, ValueError):
            time.sleep(0.2)
        finally:
            conn.close()
    print(json.dumps({"selector": selector, "seen_deleted": len(seen), "known": len(known)}))


if __name__ == "__main__":
    op = sys.argv[1]
    if op == "create":
        run(op, int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 8)
    elif op == "delete":
        run(op, int(sys.argv[2]), sys.argv[3], None, int(sys.argv[4]) if len(sys.argv) > 4 else 8)
    elif op == "watch-deletions":
        watch_deletions(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    elif op in ("create-pods", "delete-pods"):
        run(op, int(sys.argv[2]), sys.argv[4], None, int(sys.argv[5]) if len(sys.argv) > 5 else 8, namespace=sys.argv[3])
    else:
        sys.exit(__doc__)
