#!/usr/bin/env python3
"""Posts a CSV file to POST /api/v1/records/{catalog} in JSON batches.

    bench/post_batches.py URL KEY FILE.csv [--batch N] [--clients C]

Each CSV row becomes one JSON object keyed by the header's codes (empty
values left out); the rows are cut into batches of N (default 1000) and C
connections (default 2) post them, each batch once. Prints one line:
    records seconds records_per_s new updated unchanged rejected non2xx
The batches are encoded before the clock starts; the client only sends
and reads answers while timed.
"""
import argparse
import csv
import http.client
import json
import threading
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("key")
    ap.add_argument("file")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=2)
    a = ap.parse_args()

    with open(a.file, newline="", encoding="utf-8") as f:
        rows = [{k: v for k, v in r.items() if v} for r in csv.DictReader(f)]
    bodies = [json.dumps(rows[i:i + a.batch], ensure_ascii=False).encode()
              for i in range(0, len(rows), a.batch)]
    u = urllib.parse.urlsplit(a.url)
    counts = {"new": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    bad = [0]
    lock = threading.Lock()
    todo = list(range(len(bodies)))

    def client():
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
        while True:
            with lock:
                if not todo:
                    break
                i = todo.pop()
            c.request("POST", u.path, body=bodies[i], headers={
                "Authorization": "Bearer " + a.key,
                "Content-Type": "application/json"})
            resp = c.getresponse()
            data = resp.read()
            with lock:
                if resp.status // 100 != 2:
                    bad[0] += 1
                    continue
                for rec in json.loads(data).get("records", []):
                    s = rec.get("status")
                    if s in counts:
                        counts[s] += 1
        c.close()

    threads = [threading.Thread(target=client) for _ in range(a.clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.monotonic() - t0
    print(len(rows), f"{secs:.3f}", int(len(rows) / secs), counts["new"],
          counts["updated"], counts["unchanged"], counts["rejected"], bad[0])


if __name__ == "__main__":
    main()
