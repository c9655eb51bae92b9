#!/usr/bin/env python3
"""Measures `p2c serve` under load with wrk, beside nginx serving the same JSON body as a static file.

Usage: bench/serve_bench.py [--build build/release] [--config config/p2c.toml] [--duration 10] [--runs 3]

Starts `p2c serve` on a free loopback port, fetches one typical results query, writes its body to a file that
an nginx started here serves, then runs wrk at 1, 16 and 64 connections against both and prints requests per
second and p50/p99 latency (median of --runs runs) and p2c's share of nginx's throughput. nginx is the
ceiling: the same bytes over the same loopback with no computation at all.
Needs a release build and the Debian packages wrk and nginx (scripts/install-deps.sh --bench).
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from bench_common import ROOT, machine_line  # noqa: E402

QUERY = "/api/v1/results?metric=sdg_17_8.internet_users&group=WLD,LDC,LLDC,SIDS&from=2015&to=2024"
CONNECTIONS = (1, 16, 64)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(url, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"not ready after {seconds} s: {url}")


def start_nginx(folder, port, workers):
    conf = os.path.join(folder, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy; fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
  types {{ application/json json; }}
  server {{ listen 127.0.0.1:{port}; root {folder}/www; keepalive_requests 1000000; }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"], stderr=subprocess.PIPE)
    return process


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, connections, duration):
    """(requests/s, p50 ms, p99 ms) of one wrk run."""
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    if re.search(r"Non-2xx or 3xx responses", out):
        sys.exit(f"wrk saw error responses from {url}:\n{out}")
    return rps, p50, p99


def median_of(url, connections, duration, runs):
    samples = [wrk(url, connections, duration) for _ in range(runs)]
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--config", default=os.path.join(ROOT, "config", "p2c.toml"))
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: run scripts/install-deps.sh --bench")
    p2c = os.path.join(args.build, "bin", "p2c")

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, P2C_OUTPUT_DIR=os.path.join(folder, "out"))
        port = free_port()
        server = subprocess.Popen([p2c, "serve", "--config", args.config, "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        nginx = None
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_ready(base + "/readyz", server)
            with urllib.request.urlopen(base + QUERY) as reply:
                body = reply.read()
            os.makedirs(os.path.join(folder, "www"))
            os.chmod(folder, 0o755)  # nginx workers run as another user than its master when started as root
            with open(os.path.join(folder, "www", "results.json"), "wb") as f:
                f.write(body)
            nginx_port = free_port()
            nginx = start_nginx(folder, nginx_port, os.cpu_count() or 1)
            static = f"http://127.0.0.1:{nginx_port}/results.json"
            wait_until_ready(static, nginx)

            print(f"query: {QUERY} ({len(body):,} bytes)")
            print(f"{machine_line()}; wrk {args.duration} s x {args.runs} runs, median")
            print("| connections | p2c req/s | p50 | p99 | nginx req/s | p50 | p99 | p2c / nginx |")
            print("|---:|---:|---:|---:|---:|---:|---:|---:|")
            for c in CONNECTIONS:
                ours = median_of(base + QUERY, c, args.duration, args.runs)
                ceiling = median_of(static, c, args.duration, args.runs)
                print(f"| {c} | {ours[0]:,.0f} | {ours[1]:.2f} ms | {ours[2]:.2f} ms | {ceiling[0]:,.0f} | "
                      f"{ceiling[1]:.2f} ms | {ceiling[2]:.2f} ms | {ours[0] / ceiling[0]:.0%} |")
        finally:
            server.terminate()
            server.wait(timeout=30)
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=30)


if __name__ == "__main__":
    main()
