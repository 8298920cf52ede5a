#!/usr/bin/env python3
"""vegeta_stats.py <report.json> [key=value...] < encoded.jsonl

Merges `vegeta report -type=json` (achieved rate, throughput, success ratio) with latency percentiles computed
here from `vegeta encode --to json` lines (vegeta's report has no p99.9): nearest-rank p50/p90/p99/p99.9/max in
ms. Errors = responses that are not HTTP 200 or had a transport error. Prints one JSON line.

Percentiles are given twice: over every request, and over the requests sent once the run's connections were
established (`steady_*`: from BENCH_SETTLE_S, default 1 s, after the first request). vegeta opens new TLS
connections at the start of every run, and those first handshakes run through cold JDK code (tens of ms for 8 at
once); the API server keeps its webhook connections open, so the steady figures are what it sees between
reconnects, and `first_second_max_ms` shows the reconnect cost."""
import json, math, os, sys
from datetime import datetime


def seconds(stamp):  # RFC 3339 with nanoseconds, which datetime cannot parse as such
    stamp = stamp.replace("Z", "+00:00")
    if "." in stamp:
        head, tail = stamp.split(".", 1)
        cut = next((i for i, c in enumerate(tail) if c in "+-"), len(tail))
        stamp = head + "." + tail[:cut][:6].ljust(6, "0") + tail[cut:]
    return datetime.fromisoformat(stamp).timestamp()


def pct(lat, p):
    return round(lat[min(len(lat) - 1, max(0, math.ceil(len(lat) * p / 100) - 1))], 3) if lat else None


report = json.load(open(sys.argv[1]))
settle = float(os.environ.get("BENCH_SETTLE_S", "1"))
results, errors = [], 0
for line in sys.stdin:
    r = json.loads(line)
    results.append((seconds(r["timestamp"]), r["latency"] / 1e6))
    if r["code"] != 200 or r.get("error"):
        errors += 1
start = min((t for t, _ in results), default=0)
lat = sorted(l for _, l in results)
steady = sorted(l for t, l in results if t - start >= settle)
first = [l for t, l in results if t - start < settle]
out = dict(a.split("=", 1) for a in sys.argv[2:])
out.update({"requests": len(lat), "rate": round(report["rate"], 1), "throughput": round(report["throughput"], 1),
            "success": report["success"], "errors": errors, "status_codes": report.get("status_codes"),
            "error_samples": (report.get("errors") or [])[:3],
            "p50_ms": pct(lat, 50), "p90_ms": pct(lat, 90), "p99_ms": pct(lat, 99), "p999_ms": pct(lat, 99.9),
            "max_ms": pct(lat, 100), "settle_s": settle, "steady_requests": len(steady),
            "steady_p50_ms": pct(steady, 50), "steady_p99_ms": pct(steady, 99), "steady_p999_ms": pct(steady, 99.9),
            "steady_max_ms": pct(steady, 100), "first_second_max_ms": round(max(first), 3) if first else None})
print(json.dumps(out))
