#!/usr/bin/env python3
"""Soak test of `p2c serve` under legitimate load and a slowloris attack at once.

Usage: bench/soak.py [--build build/release] [--minutes 5] [--clients 64] [--slowloris 500]

Copies the bundled config to a scratch folder (with a [service] section allowing 120 reports a minute per
token, and 128 connections per client address: the legitimate clients here all connect from 127.0.0.1, as they
would through a reverse proxy, while the attacker uses 50 other addresses), creates a token for each of the 4 entities with the most pledges, starts `p2c serve`, and then for
--minutes at once:
  - wrk holds --clients keep-alive connections on a typical results query;
  - the server gets SIGHUP every 30 s (reload: the config is checked, the indicators recomputed);
  - 4 reporters, one per entity, POST progress reports on their entity's pledges as fast as the service
    accepts them (honouring 429 and 503 Retry-After);
  - a slowloris client holds --slowloris half-open connections (a request line and one header begun, one
    more byte every 5 s, never finished) spread over 50 loopback source addresses, reopening each one the
    server closes;
  - a probe opens a new connection for GET /healthz every 100 ms.
It prints the failed legitimate requests (wrk socket errors and non-2xx, reports answered other than
201/429/409/503, probe failures), the /healthz latency percentiles, the server's resident memory every 30 s
(just before each SIGHUP; the first minute, two reloads, is the warm-up) and at the end, and checks that every report answered 201 is in the registry afterwards.
Exit status 1 when a criterion of docs/benchmarks.md ("Soak") is missed.
Needs a release build and wrk (scripts/install-deps.sh --bench).
"""
import argparse
import datetime
import http.client
import json
import os
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, machine_line  # noqa: E402

QUERY = "/api/v1/results?metric=sdg_17_8.internet_users&group=WLD,LDC,LLDC,SIDS&from=2015&to=2024"
WARM_UP_SECONDS = 60
SIGHUP_EVERY_SECONDS = 30
ATTACKER_ADDRESSES = [f"127.0.1.{i}" for i in range(1, 51)]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_for_port(port_file, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"p2c serve exited early with code {process.returncode}")
        try:
            with open(port_file) as f:
                text = f.read().strip()
                if text:
                    return int(text)
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("p2c serve did not write its port")


def wait_ready(port, seconds=300):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("p2c serve was not ready")


def slowloris(port, count, stop, stats):
    """Holds `count` half-open requests; reopens each one the server closes."""
    selector = selectors.DefaultSelector()
    opened = {}

    def open_one(index):
        s = socket.socket()
        s.setblocking(True)
        s.settimeout(2)
        try:
            s.bind((ATTACKER_ADDRESSES[index % len(ATTACKER_ADDRESSES)], 0))
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: soak\r\nX-Slow: a")
        except OSError:
            s.close()
            stats["refused"] += 1
            return
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ, index)
        opened[index] = s
        stats["opened"] += 1

    last_trickle = time.monotonic()
    while not stop.is_set():
        for index in range(count):
            if index not in opened:
                open_one(index)
            if stop.is_set():
                break
        for key, _ in selector.select(timeout=0.2):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed by the server: count it and reopen on the next pass
                selector.unregister(s)
                s.close()
                opened.pop(key.data, None)
                stats["closed_by_server"] += 1
        if time.monotonic() - last_trickle > 5:
            last_trickle = time.monotonic()
            for index, s in list(opened.items()):
                try:
                    s.send(b"a")
                except OSError:
                    pass
        stats["held_max"] = max(stats["held_max"], len(opened))
    for s in opened.values():
        s.close()


def probe(port, stop, latencies, failures):
    while not stop.wait(0.1):
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/healthz")
            reply = connection.getresponse()
            reply.read()
            connection.close()
            if reply.status != 200:
                failures.append(f"/healthz {reply.status}")
                continue
            latencies.append((time.perf_counter() - start) * 1000)
        except OSError as e:
            failures.append(f"/healthz {e}")


def reporter(port, token, pledges, stop, acknowledged, failures, counts):
    """Posts reports on `pledges` (id -> first free date), one date after another, until stopped."""
    today = datetime.date.today()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    queue = sorted(pledges.items())
    i = 0
    while not stop.is_set() and queue:
        pledge, day = queue[i % len(queue)]
        if day > today:
            queue.pop(i % len(queue))
            continue
        body = json.dumps({"reported_on": day.isoformat(), "status": "in_progress",
                           "narrative": "Soak test report."})
        try:
            connection.request("POST", f"/api/v1/pledges/{pledge}/reports", body,
                               {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            reply = connection.getresponse()
            reply.read()
        except OSError as e:
            failures.append(f"POST {pledge}: {e}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        counts[reply.status] = counts.get(reply.status, 0) + 1
        if reply.status == 201:
            acknowledged.append((pledge, day.isoformat()))
        elif reply.status in (429, 503):
            stop.wait(float(reply.getheader("Retry-After", "1")))
            continue
        elif reply.status != 409:
            failures.append(f"POST {pledge} {day}: {reply.status}")
        queue[i % len(queue)] = (pledge, day + datetime.timedelta(days=1))
        i += 1


def run_wrk(port, clients, seconds):
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          f"http://127.0.0.1:{port}{QUERY}"], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(x) for x in errors.groups()) if errors else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return requests, socket_errors + (int(non_2xx.group(1)) if non_2xx else 0), out


def entities_with_most_pledges(pledges, count):
    by_entity = {}
    for p in pledges:
        by_entity.setdefault(p["entity"], []).append(p)
    return sorted(by_entity.items(), key=lambda item: (-len(item[1]), item[0]))[:count]


def first_free_day(pledge):
    dates = [pledge["pledged_on"]] + [r["reported_on"] for r in pledge.get("reports", [])]
    return datetime.date.fromisoformat(max(dates)) + datetime.timedelta(days=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--slowloris", type=int, default=500)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: run scripts/install-deps.sh --bench")
    p2c = os.path.join(args.build, "bin", "p2c")
    seconds = int(args.minutes * 60)

    with tempfile.TemporaryDirectory() as folder:
        config_dir = os.path.join(folder, "config")
        shutil.copytree(os.path.join(ROOT, "config"), config_dir)
        config = os.path.join(config_dir, "p2c.toml")
        with open(config, "a") as f:
            f.write("\n[service]\nrecompute_seconds = 0\nreports_per_minute = 120\nmax_connections_per_client = 128\n")
        env = dict(os.environ, P2C_OUTPUT_DIR=os.path.join(folder, "out"))
        with open(os.path.join(config_dir, "data", "p2c-pledges-illustrative", "pledges.json")) as f:
            sample = json.load(f)
        tokens = []
        for entity, pledges in entities_with_most_pledges(sample, 4):
            out = subprocess.run([p2c, "tokens", "create", entity, "--config", config], env=env,
                                 capture_output=True, text=True, check=True).stdout
            token = next(line for line in out.splitlines() if line.startswith("tok_"))
            tokens.append((token, {p["id"]: first_free_day(p) for p in pledges}))

        port_file = os.path.join(folder, "port")
        log = open(os.path.join(folder, "server.log"), "w")
        server = subprocess.Popen([p2c, "serve", "--config", config, "--port", "0", "--port-file", port_file,
                                   "--log-level", "warn"], env=env, stdout=log, stderr=log)
        try:
            port = wait_for_port(port_file, server)
            wait_ready(port)
            stop = threading.Event()
            attack = {"opened": 0, "refused": 0, "closed_by_server": 0, "held_max": 0}
            latencies, failures, acknowledged, counts = [], [], [], {}
            threads = [threading.Thread(target=slowloris, args=(port, args.slowloris, stop, attack)),
                       threading.Thread(target=probe, args=(port, stop, latencies, failures))]
            threads += [threading.Thread(target=reporter, args=(port, token, pledges, stop, acknowledged, failures,
                                                                counts)) for token, pledges in tokens]
            for t in threads:
                t.start()
            wrk_result = {}
            wrk_thread = threading.Thread(
                target=lambda: wrk_result.update(zip(("requests", "failed", "out"),
                                                     run_wrk(port, args.clients, seconds))))
            wrk_thread.start()
            start = time.monotonic()
            rss_warm = None
            rss_series = []
            next_hup = start + SIGHUP_EVERY_SECONDS
            hups = 0
            while wrk_thread.is_alive():
                time.sleep(0.5)
                now = time.monotonic()
                if rss_warm is None and now - start >= WARM_UP_SECONDS:
                    rss_warm = rss_kib(server.pid)
                if now >= next_hup:
                    rss_series.append(rss_kib(server.pid))
                    server.send_signal(signal.SIGHUP)
                    hups += 1
                    next_hup += SIGHUP_EVERY_SECONDS
                if server.poll() is not None:
                    stop.set()
                    sys.exit(f"p2c serve died with code {server.returncode}")
            rss_end = rss_kib(server.pid)
            stop.set()
            for t in threads:
                t.join()

            missing = 0
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            stored = {}
            for pledge, day in acknowledged:
                if pledge not in stored:
                    connection.request("GET", f"/api/v1/pledges/{pledge}")
                    reply = connection.getresponse()
                    stored[pledge] = {r["reported_on"] for r in json.loads(reply.read())["reports"]}
                if day not in stored[pledge]:
                    missing += 1
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
            log.close()

        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
        growth = (rss_end - rss_warm) / rss_warm if rss_warm else float("nan")
        legitimate_failures = wrk_result["failed"] + len(failures)
        print(machine_line())
        print(f"{seconds} s, {args.clients} wrk clients on {QUERY}, {hups} SIGHUPs, {len(tokens)} reporters, "
              f"slowloris {args.slowloris} half-open from {len(ATTACKER_ADDRESSES)} addresses")
        print(f"results queries: {wrk_result['requests']:,} ({wrk_result['requests'] / seconds:,.0f}/s), "
              f"failed {wrk_result['failed']}")
        print(f"reports: {sum(counts.values())} POSTs, by status {dict(sorted(counts.items()))}; "
              f"{len(acknowledged)} acknowledged, {missing} of them missing from the registry")
        print(f"/healthz probes: {len(latencies) + sum(1 for f in failures if f.startswith('/healthz'))}, "
              f"p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms, max {latencies[-1] if latencies else float('nan'):.2f} ms")
        print(f"slowloris: {attack['opened']} connections opened, {attack['closed_by_server']} closed by the "
              f"server, {attack['refused']} refused, at most {attack['held_max']} held at once")
        print(f"RSS after warm-up {rss_warm / 1024:.1f} MiB, at the end {rss_end / 1024:.1f} MiB ({growth:+.1%}); "
              f"every 30 s: {', '.join(f'{k / 1024:.0f}' for k in rss_series)} MiB")
        for failure in failures[:20]:
            print("failure:", failure)
        ok = legitimate_failures == 0 and missing == 0 and p(0.99) < 50 and abs(growth) <= 0.10
        print("PASS" if ok else "FAIL")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
