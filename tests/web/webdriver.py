"""What the browser tests of the dashboard share: `p2c serve` on a free port (or a service already running), headless
Chromium driven through chromedriver with the W3C WebDriver HTTP protocol, standard library only.

A test script calls run(name, body): body(browser, base_url, args) raises Failure for a failed check; args holds
the command line (out, p2c, config, url). Without
Chromium or chromedriver the test fails, unless P2C_SKIP_BROWSER_TESTS=1, when it exits with 77 (ctest reports it
as skipped). Every script takes --p2c EXE --config FILE --out DIR [--url URL].
"""
import argparse
import base64
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

SKIP = 77
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
LISTENING = re.compile(r"listening on (http://[0-9.]+:\d+)")


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors="replace")
        raise Failure(f"{method} {url}: HTTP {e.code}: {text[:500]}") from None


class Process:
    """A child process whose output lines are collected by a thread, so it never blocks on a full pipe."""

    def __init__(self, name, command, env=None):
        self.name = name
        self.lines = queue.Queue()
        self.log = []
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line.rstrip("\n"))
            self.lines.put(line)

    def wait_for(self, pattern, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None and self.lines.empty():
                raise Failure(f"{self.name} exited with status {self.process.returncode}:\n" + "\n".join(self.log[-30:]))
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            match = pattern.search(line)
            if match:
                return match
        raise Failure(f"{self.name} did not print {pattern.pattern!r} within {timeout} s:\n" + "\n".join(self.log[-30:]))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Browser:
    """A WebDriver session: just the commands this test needs."""

    def __init__(self, driver_url, chromium):
        self.driver = driver_url
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2200"],
                "binary": chromium,
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }
        answer = http("POST", f"{driver_url}/session", {"capabilities": {"alwaysMatch": capabilities}}, timeout=120)
        self.session = f"{driver_url}/session/{answer['value']['sessionId']}"
        # An audit of the whole report by axe-core takes tens of seconds on a busy machine: give scripts five minutes.
        http("POST", f"{self.session}/timeouts", {"script": 300000})

    def go(self, url):
        http("POST", f"{self.session}/url", {"url": url}, timeout=120)

    def run(self, script, *args):
        return http("POST", f"{self.session}/execute/sync", {"script": script, "args": list(args)})["value"]

    def run_async(self, script, *args):
        return http("POST", f"{self.session}/execute/async", {"script": script, "args": list(args)},
                    timeout=330)["value"]

    def resize(self, width, height):
        http("POST", f"{self.session}/window/rect", {"width": width, "height": height})

    def wait(self, script, what, timeout=120):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            last = self.run(script)
            if last:
                return last
            time.sleep(0.25)
        raise Failure(f"timed out after {timeout} s waiting for {what} (last answer {last!r})")

    def screenshot(self, path):
        png = http("GET", f"{self.session}/screenshot")["value"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))

    def browser_log(self):
        # chromedriver's log endpoint; newer drivers serve it under /se/log.
        for endpoint in ("se/log", "log"):
            try:
                return http("POST", f"{self.session}/{endpoint}", {"type": "browser"})["value"]
            except Failure:
                continue
        raise Failure("chromedriver serves no browser log endpoint (POST /session/{id}/se/log or /log)")

    def close(self):
        try:
            http("DELETE", self.session, timeout=30)
        except (Failure, OSError):
            pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def severe(entries):
    return [e for e in entries if e.get("level") == "SEVERE"]


def write_report(p2c, config, out, lang, economy=None):
    """`p2c report` in `lang` (a country profile with `economy`) from the run history of the service start_service()
    started with the same `out`: the HTML file's path."""
    path = os.path.join(out, f"report-{lang}{'-' + economy if economy else ''}.html")
    command = [p2c, "report", "--config", config, "--format", "html", "--output", path, "--lang", lang]
    if economy:
        command += ["--economy", economy]
    env = dict(os.environ, P2C_OUTPUT_DIR=os.path.join(out, "service-out"))
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    check(done.returncode == 0, f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return path


def start_service(p2c, config, out):
    """`p2c serve` on a free port, once its first run is served: (process, base URL)."""
    env = dict(os.environ, P2C_OUTPUT_DIR=os.path.join(out, "service-out"))
    service = Process("p2c serve", [p2c, "serve", "--config", config, "--port", "0"], env=env)
    base = service.wait_for(LISTENING, timeout=300).group(1)
    # The service listens at once and answers /readyz 503 until its first run is served.
    deadline = time.time() + 300
    while True:
        try:
            http("GET", base + "/readyz", timeout=5)
            return service, base
        except (Failure, OSError):
            if time.time() > deadline:
                service.stop()
                raise Failure("p2c serve was not ready within 300 s:\n" + "\n".join(service.log[-30:]))
            time.sleep(0.25)


def start_driver():
    port = free_port()
    driver = Process("chromedriver", [CHROMEDRIVER, f"--port={port}"])
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            if http("GET", f"{url}/status", timeout=5)["value"].get("ready"):
                return driver, url
        except (Failure, OSError):
            pass
        if time.time() > deadline:
            driver.stop()
            raise Failure("chromedriver did not become ready within 30 s:\n" + "\n".join(driver.log[-20:]))
        time.sleep(0.25)


def run(name, body):
    """Parses the command line, starts what the test needs, runs body(browser, base, args); the exit status."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--p2c")
    parser.add_argument("--config")
    parser.add_argument("--out", required=True)
    parser.add_argument("--url")
    args = parser.parse_args()

    chromium = next((c for c in CHROMIUM_CANDIDATES if os.access(c, os.X_OK)), None)
    missing = [tool for tool, path in (("chromedriver", CHROMEDRIVER if os.access(CHROMEDRIVER, os.X_OK) else None),
                                       ("chromium", chromium)) if path is None]
    if missing:
        message = (f"{name}: {' and '.join(missing)} not installed: `apt-get install chromium chromium-driver` "
                   "(scripts/install-deps.sh does), or set P2C_SKIP_BROWSER_TESTS=1 to skip the browser tests")
        if os.environ.get("P2C_SKIP_BROWSER_TESTS") == "1":
            print(f"SKIPPED: {message}")
            return SKIP
        print(message, file=sys.stderr)
        return 1

    os.makedirs(args.out, exist_ok=True)
    service = driver = browser = None
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            if not args.p2c or not args.config:
                raise Failure("--p2c and --config are required unless --url names a running service")
            service, base = start_service(args.p2c, args.config, args.out)
        driver, driver_url = start_driver()
        browser = Browser(driver_url, chromium)
        body(browser, base, args)
        print(f"{name}: all checks passed; screenshots in {args.out}")
        return 0
    except Failure as e:
        print(f"{name}: FAILED: {e}", file=sys.stderr)
        if browser:
            try:
                browser.screenshot(os.path.join(args.out, f"{name}-failure.png"))
            except (Failure, OSError):
                pass
        return 1
    finally:
        if browser:
            browser.close()
        for process in (driver, service):
            if process:
                process.stop()
