#!/usr/bin/env python3
"""report.py <results.jsonl>: markdown tables (median, and min–max over the repeated runs) from bench/run.sh's
raw results. Every row carries the 1/5/15-minute load averages read right after the measurement."""
import json
import statistics
import sys
from collections import OrderedDict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def spread(values, fmt="{:.2f}"):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    m = statistics.median(values)
    if len(values) == 1:
        return fmt.format(m)
    return (fmt + " ({}–{})").format(m, fmt.format(min(values)), fmt.format(max(values)))


def loads(group):
    return ", ".join(sorted({r["load"].split()[0] for r in group if "load" in r}, key=float))


def grouped(kind, *keys):
    groups = OrderedDict()
    for r in rows:
        if r.get("kind") == kind:
            groups.setdefault(tuple(r.get(k) for k in keys), []).append(r)
    return groups


for r in rows:
    if r["kind"] == "machine":
        print("Machine: %d CPUs (%s), %d MiB; %s; load average at start %s" % (
            r["nproc"], r["cpu"], r["mem_mib"], r["java"], r["load_at_start"]))
    if r["kind"] == "versions":
        print("Kubernetes %s (etcd, kube-apiserver, kube-controller-manager on 127.0.0.1); vegeta %s" % (
            r["kubernetes"], r["vegeta"]))
print()

g = grouped("startup", "program", "runtime")
if g:
    print("### Start-up and footprint (`java -jar` to /q/health/ready 200; RSS 10 s after ready)\n")
    print("| program | runtime | runs | time to ready, ms: median (min–max) | CPU ms used until ready | idle RSS, MiB"
          " | 1-min load during runs |")
    print("|---|---|---|---|---|---|---|")
    for (program, runtime), group in g.items():
        print("| %s | %s | %d | %s | %s | %s | %s |" % (program, runtime or "jdk17", len(group),
                                             spread([r["ready_ms"] for r in group], "{:.0f}"),
                                             spread([r.get("cpu_ms_to_ready") for r in group], "{:.0f}"),
                                             spread([r["rss_idle_mib"] for r in group], "{:.0f}"), loads(group)))
    for r in rows:
        if r["kind"] == "rss_after_load":
            print("\n%s RSS after the load runs: %d MiB (load %s)" % (r["program"], r["rss_mib"], r["load"]))
    print()

g = grouped("webhook", "target", "offered")
if g:
    print("### Webhook alone (vegeta, TLS, keep-alive; latency in ms; median over runs, (min–max))\n")
    print("All requests of each run, including the first second, in which vegeta opens its TLS connections:\n")
    print("| target | offered req/s | runs | achieved req/s | p50 | p99 | p99.9 | max | errors | 1-min load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (target, offered), group in g.items():
        print("| %s | %s | %d | %s | %s | %s | %s | %s | %d/%d | %s |" % (
            target, offered, len(group), spread([r["throughput"] for r in group], "{:.0f}"),
            spread([r["p50_ms"] for r in group]), spread([r["p99_ms"] for r in group]),
            spread([r["p999_ms"] for r in group]), spread([r["max_ms"] for r in group], "{:.1f}"),
            sum(r["errors"] for r in group), sum(r["requests"] for r in group), loads(group)))
    steady = [(k, grp) for k, grp in g.items() if grp[0].get("steady_p50_ms") is not None]
    if steady:
        print("\nThe same runs on established connections (requests sent from %s s after each run's first request;"
              " the API server keeps its webhook connections open), and the slowest request of the first second:\n"
              % steady[0][1][0]["settle_s"])
        print("| target | offered req/s | requests | p50 | p99 | p99.9 | max | first-second max |")
        print("|---|---|---|---|---|---|---|---|")
        for (target, offered), group in steady:
            print("| %s | %s | %d | %s | %s | %s | %s | %s |" % (
                target, offered, sum(r["steady_requests"] for r in group),
                spread([r["steady_p50_ms"] for r in group]), spread([r["steady_p99_ms"] for r in group]),
                spread([r["steady_p999_ms"] for r in group]), spread([r["steady_max_ms"] for r in group], "{:.1f}"),
                spread([r["first_second_max_ms"] for r in group], "{:.1f}")))
    print()

creates = [r for r in rows if r.get("kind") == "create"]
if creates:
    print("### Namespace creation through the API server (python, 8 keep-alive connections, admin certificate)\n")
    print("| namespaces | seconds | per second | request p50 ms | p99 ms | errors | 1-min load |")
    print("|---|---|---|---|---|---|---|")
    for r in creates:
        print("| %d | %.1f | %.0f | %.1f | %.1f | %d | %s |" % (r["count"], r["seconds"], r["per_second"], r["p50_ms"],
                                                           r["p99_ms"], r["errors"], r["load"].split()[0]))
    print()

g = grouped("sweep", "namespaces", "tool")
if g:
    print("### Janitor: one sweep (median (min–max) over runs)\n")
    print("| CI namespaces | tool | runs | process wall s | sweep ms (own log) | API requests (audit log) | CPU s"
          " | peak RSS MiB | peak heap before GC MiB | acted | 1-min load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (n, tool), group in g.items():
        print("| %d | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            n, tool, len(group), spread([r["wall_s"] for r in group]), spread([r.get("sweep_ms") for r in group], "{:.0f}"),
            spread([r.get("requests", r.get("list_requests")) for r in group], "{:.0f}"), spread([r["cpu_s"] for r in group]),
            spread([r["max_rss_mib"] for r in group], "{:.0f}"),
            spread([r.get("peak_heap_before_gc_mib") for r in group], "{:.0f}"),
            spread([r.get("acted") for r in group], "{:.0f}"), loads(group)))
    print()

g = grouped("warm_sweep", "namespaces")
if g:
    print("### Janitor, long-running (Deployment mode, dry-run, interval 3s): sweeps 4 to 3 + runs, the JVM warm\n")
    print("| CI namespaces | sweeps | sweep ms: median (min–max) | list requests | process RSS MiB | 1-min load |")
    print("|---|---|---|---|---|---|")
    for (n,), group in g.items():
        print("| %d | %d | %s | %s | %d | %s |" % (n, len(group), spread([r["sweep_ms"] for r in group], "{:.0f}"),
                                                  spread([r["list_requests"] for r in group], "{:.0f}"),
                                                  group[-1]["rss_mib"], loads(group)))
    print()



def top(by, n=4):
    """The most frequent verb-resource pairs of an audit count, e.g. `list namespaces` 22."""
    return ", ".join("%s %d" % (what, count) for what, count in list(by.items())[:n]) or "–"


def table(kind, title, headers, cells):
    """A markdown table of the rows of one kind, each row's cells given by cells(row); nothing without rows."""
    selected = [r for r in rows if r.get("kind") == kind]
    if not selected:
        return
    print("### %s\n" % title)
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for r in selected:
        print("| " + " | ".join(str(c) for c in cells(r)) + " |")
    print()


def sec(ms):
    return "–" if ms is None else "%.1f" % (ms / 1000.0)


def per_namespace(requests, deleted):
    return "%.1f" % (requests / deleted) if requests is not None and deleted else "–"


def of_allowed(r):
    achieved = r.get("achieved_per_s")
    return ("–", "–") if achieved is None else ("%.1f" % achieved, "%.0f %%" % (100.0 * achieved / r["rate"]))


table("steady", "Janitor, Deployment mode at rest (defaults: interval 60s, leader election on): API requests from the"
      " audit log",
      ["design", "CI namespaces", "window s", "requests in window", "requests per hour", "per hour besides the Lease",
       "open watches at window start", "by verb and resource", "RSS MiB", "CPU ms in window", "1-min load"],
      lambda r: [r["design"], r["namespaces"], "%.0f" % r["window_s"], r["requests"], r["requests_per_hour"],
                 r.get("requests_per_hour_besides_leases", "–"), r["watches_open"], top(r["requests_by"], 6),
                 r["rss_mib"], r["cpu_ms_in_window"], r["load"].split()[0]])

table("latency", "Janitor, Deployment mode (defaults): time from expiry to deletionTimestamp, seen by a watch",
      ["design", "namespaces (ttls)", "deleted", "p50 s", "p90 s", "p99 s", "max s", "requests from start to stop",
       "per deleted namespace", "1-min load"],
      lambda r: [r["design"], "%d (%s)" % (r["count"], r["ttls"]), r["deleted"], sec(r["p50_ms"]), sec(r["p90_ms"]),
                 sec(r["p99_ms"]), sec(r["max_ms"]),
                 "–" if r.get("requests") is None else "%d in %.0f s" % (r["requests"], r["window_s"]),
                 per_namespace(r.get("requests"), r["deleted"]), r["load"].split()[0]])

table("throughput", "Janitor, deletion throughput: expired namespaces without workloads, one run-once sweep",
      ["allowed /s", "design", "deleted", "achieved /s (first to last delete)", "% of allowed",
       "requests per namespace", "by verb and resource", "process wall s", "CPU s (JVM start included)",
       "peak RSS MiB", "1-min load"],
      lambda r: [r["rate"], r["design"], "%d/%d" % (r["deleted"], r["count"])] + list(of_allowed(r)) +
                [per_namespace(r["requests"], r["deleted"]), top(r["requests_by"], 5), "%.1f" % r["wall_s"],
                 "%.1f" % r["cpu_s"], r["max_rss_mib"], r["load"].split()[0]])

g = grouped("overhead", "op", "mode")
if g:
    print("### Through the API server: namespace and Pod create/delete one at a time, without and with the webhook registered\n")
    print("| operation | webhook | rounds × requests | p50 ms: median (min–max) | p99 ms | errors | 1-min load |")
    print("|---|---|---|---|---|---|---|")
    for (op, mode), group in g.items():
        print("| %s | %s | %d × %d | %s | %s | %d | %s |" % (op, mode, len(group), group[0]["count"],
              spread([r["p50_ms"] for r in group]), spread([r["p99_ms"] for r in group]),
              sum(r["errors"] for r in group), loads(group)))
    for op in ("create", "delete", "create-pods", "delete-pods"):
        none, hook = g.get((op, "none")), g.get((op, "webhook"))
        if none and hook:
            a, b = med([r["p50_ms"] for r in none]), med([r["p50_ms"] for r in hook])
            c, d = med([r["p99_ms"] for r in none]), med([r["p99_ms"] for r in hook])
            print("\n%s: webhook adds %.2f ms at p50 (ratio %.2f) and %.2f ms at p99 (ratio %.2f)" % (op, b - a, b / a, d - c, d / c))
    print()
