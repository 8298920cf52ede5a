#!/usr/bin/env python3
"""One program's API requests, counted from kube-apiserver's audit log (JSON lines, level Metadata, written when the
control plane runs with CONTROL_PLANE_AUDIT=1), for bench/run.sh.

  audit.py count <audit.log> <username> <from ms> <to ms> [token jti]

Counts the requests of <username> (optionally only those made with the token whose ID is <jti>: the audit event's
user.extra authentication.kubernetes.io/credential-id) received in [from, to] (epoch ms), one per auditID, by verb
and resource ("list namespaces", "deletecollection pods", "watch namespaces", ...). A watch counts once, when it
was opened; watches opened before the window and still open in it are reported apart (watches_open_at_start).
Namespace deletions are summarised too: how many succeeded and when the first and last were received.
Prints one JSON object. The files the API server rotated <audit.log> into (audit-<time>.log beside it: it
rotates at --audit-log-maxsize, which lumberjack reads as 100 MB when 0) are read too, oldest first.
"""
import glob
import json
import os
import sys
from datetime import datetime


def epoch_ms(stamp):
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000)


def events(path, username, jti):
    needle = '"username":"%s"' % username
    base, ext = os.path.splitext(path)
    for name in sorted(glob.glob(glob.escape(base) + "-*" + ext)) + [path]:
        yield from file_events(name, needle, jti)


def file_events(path, needle, jti):
    with open(path) as f:
        for line in f:
            if needle not in line:
                continue
            event = json.loads(line)
            if jti:
                ids = (event["user"].get("extra") or {}).get("authentication.kubernetes.io/credential-id") or []
                if "JTI=" + jti not in ids:
                    continue
            yield event


def count(path, username, start, end, jti=None):
    requests, open_watches, deletes = {}, {}, {}
    for event in events(path, username, jti):
        received = epoch_ms(event["requestReceivedTimestamp"])
        ref = event.get("objectRef") or {}
        what = "%s %s%s" % (event["verb"], ref.get("resource", event.get("requestURI", "?").split("?")[0]),
                            "/" + ref["subresource"] if ref.get("subresource") else "")
        if event["verb"] == "watch" and received < start:
            # a watch opened before the window: open at its start unless it completed before it
            done = event["stage"] == "ResponseComplete" and epoch_ms(event["stageTimestamp"]) < start
            if done:
                open_watches.pop(event["auditID"], None)
            elif event["stage"] == "ResponseStarted":
                open_watches.setdefault(event["auditID"], what)
            continue
        if not start <= received <= end:
            continue
        requests[event["auditID"]] = what
        if event["verb"] == "delete" and ref.get("resource") == "namespaces" and not ref.get("subresource") \
                and event["stage"] == "ResponseComplete" and event["responseStatus"].get("code", 500) < 300:
            deletes[event["auditID"]] = received
    by = {}
    for what in requests.values():
        by[what] = by.get(what, 0) + 1
    out = {"requests": len(requests), "by": dict(sorted(by.items(), key=lambda kv: -kv[1])),
           "watches_open_at_start": len(open_watches), "window_s": round((end - start) / 1000.0, 1),
           "namespace_deletes": len(deletes)}
    if deletes:
        out["first_delete_ms"], out["last_delete_ms"] = min(deletes.values()), max(deletes.values())
    return out


if __name__ == "__main__":
    if len(sys.argv) < 6 or sys.argv[1] != "count":
        sys.exit(__doc__)
    print(json.dumps(count(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]),
                           sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] else None)))
