#!/usr/bin/env python3
"""vegeta_stats.py <report.json> [key=value...] < encoded.jsonl

Merges `vegeta report -type=json` (achieved rate, throughput, success ratio) with latency percentiles computed
here from `vegeta encode --to json` lines (vegeta's report has no p99.9): nearest-rank p50/p90/p99/p99.9/max in
ms. Errors = responses that are not HTTP 200 or had a transport error. Prints one JSON line."""
import json, math, sys
report = json.load(open(sys.argv[1]))
lat, errors = [], 0
for line in sys.stdin:
    r = json.loads(line)
    lat.append(r["latency"] / 1e6)
    if r["code"] != 200 or r.get("error"):
        errors += 1
lat.sort()
def pct(p):
    return round(lat[min(len(lat) - 1, max(0, math.ceil(len(lat) * p / 100) - 1))], 3) if lat else None
out = dict(a.split("=", 1) for a in sys.argv[2:])
out.update({"requests": len(lat), "rate": round(report["rate"], 1), "throughput": round(report["throughput"], 1),
            "success": report["success"], "errors": errors, "status_codes": report.get("status_codes"),
            "error_samples": (report.get("errors") or [])[:3],
            "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "p999_ms": pct(99.9), "max_ms": pct(100)})
print(json.dumps(out))
