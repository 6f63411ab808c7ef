"""Soak test: a login flood from one client against a running `userstore serve --demo`.

What: logs in once as the demo user, times cheap authenticated GETs
(GET /api/v2/users/me?cols[]=id) at rest, then floods POST /api/v2/sessions with a wrong
password from 12 keep-alive connections (the attack's "twelve connections") while timing the
same GET, spaced evenly over the flood. Prints one JSON object on stdout and a short table on
stderr.

Why: the credential routes are throttled per client before any argon2 work, so a flood from
one address should cost the server little. The goal, a GET p50 during the flood of at most 2x
its p50 at rest, is reported next to the ratio, not asserted: speed is measured. How many flood
requests got 429 (and with which code: SC429 is the throttle, IM011 the address lockout) is
reported too.

Bounds: every loop stops at a count and at a deadline (--flood-seconds, --flood-max,
--rest-gets, --flood-gets, each capped); every socket has a 10 s timeout.

Loopback only: the URL's host must resolve to loopback addresses only, else exit 2; the
connections go to the address resolved then.

The flood's threads run in a child process, so that the timed GETs do not wait for the GIL
behind them: the latency measured is the server's, not this client's. The flood still shares
the machine's cores with the server.

Exit status: 0 when every timed GET answered 200; 1 when one did not, or the login or the
flood failed; 2 for a usage error or a host that is not loopback.

Usage: python3 benches/soak_login_flood.py http://127.0.0.1:PORT [options]
Run by scripts/soak-login-flood.sh, which starts a fresh server. The flood locks the demo
address's logins (IM011), so a second run needs a fresh database.
"""
import argparse
import http.client
import ipaddress
import json
import math
import multiprocessing
import socket
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

EMAIL = "demo@example.com"
PASSWORD = "Blue-Harbor-2026!"  # the demo login (src/ops/demo.rs)
# The flood tries an address no account has: a known one would lock after ten failures and
# cost nothing more, while every try at an unknown one costs a (dummy) argon2 verification
# unless the throttle turns it away first.
WRONG_LOGIN = json.dumps({"email": "flood@example.com", "password": "Wrong-Guess-2026!"})
CONNECTIONS = 12
TIMEOUT = 10.0  # seconds, on every socket
REST_SECONDS = 60.0  # slack past their schedule for the timed GETs at rest
SESSIONS = "/api/v2/sessions"
CHEAP_GET = "/api/v2/users/me?cols%5B%5D=id"  # cols[]=id, brackets encoded
JSON_TYPE = {"content-type": "application/json"}
FLOOD_STATUSES = (200, 400, 429, 503)


class SoakError(Exception):
    """A failure that ends the soak with exit status 1."""


def bounded(kind, low, high):
    """An argparse type: `kind` of the text, between `low` and `high`."""

    def parse(text):
        value = kind(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not between {low} and {high}")
        return value

    return parse


def loopback_target(parser, url):
    """(address, port) of `url`, whose host must resolve to loopback addresses only."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "http" or not parts.hostname or not port:
        parser.error(f"the URL must be http://HOST:PORT, not {url!r}")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        parser.error(f"cannot resolve {parts.hostname}: {e}")
    addresses = [info[4][0] for info in infos]
    if not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        parser.error(f"{parts.hostname} resolves to {', '.join(addresses)}: this soak only "
                     "runs against loopback addresses (127.0.0.1, ::1)")
    return min(addresses, key=lambda a: ":" in a), port  # IPv4 first, as the server binds


def call(conn, method, path, body=None, headers=None):
    """One request on a keep-alive connection; the body is read whole. (status, body)."""
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read()


def login(target):
    """The session token of the demo login."""
    conn = http.client.HTTPConnection(*target, timeout=TIMEOUT)
    try:
        body = json.dumps({"email": EMAIL, "password": PASSWORD})
        status, answer = call(conn, "POST", SESSIONS, body, JSON_TYPE)
    finally:
        conn.close()
    if status != 200:
        raise SoakError(f"the login before the flood answered {status}: {answer[:200]!r}")
    return json.loads(answer)["session"]["token"]


def timed_gets(target, token, count, interval, deadline, stop=None):
    """Times up to `count` GETs of the cheap route on one keep-alive connection (opened by an
    untimed GET), one every `interval` seconds (back to back when 0), until `deadline`
    (time.monotonic) or until `stop` is set. Returns (milliseconds of the 200 answers,
    Counter of the failures)."""
    headers = {"authorization": f"Bearer {token}"}
    latencies, failures = [], Counter()
    conn = None
    start = time.monotonic()
    for i in range(count + 1):  # the first GET opens the connection and is not timed
        due = start + max(i - 1, 0) * interval
        now = time.monotonic()
        if now >= deadline or (stop is not None and stop.is_set()):
            break
        time.sleep(max(due - now, 0))
        try:
            conn = conn or http.client.HTTPConnection(*target, timeout=TIMEOUT)
            began = time.perf_counter()
            status, _ = call(conn, "GET", CHEAP_GET, headers=headers)
            elapsed_ms = (time.perf_counter() - began) * 1000
        except (OSError, http.client.HTTPException) as e:
            failures[type(e).__name__] += 1
            if conn:
                conn.close()
            conn = None
            continue
        if status != 200:
            failures[f"status {status}"] += 1
        elif i > 0:
            latencies.append(elapsed_ms)
    if conn:
        conn.close()
    return latencies, failures


def flood(target, seconds, max_requests, started, finished, results):
    """The child process: CONNECTIONS threads, each on its own keep-alive connection, POST
    wrong-password logins as fast as they can until `seconds` pass or `max_requests` were sent
    in all. Sends {"requests", "seconds", "by_status", "codes_429", "errors"} on `results`."""
    budget = threading.Semaphore(max_requests)
    tallies = [(Counter(), Counter()) for _ in range(CONNECTIONS)]

    def worker(deadline, by_status, codes_429):
        conn = None
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            try:
                conn = conn or http.client.HTTPConnection(*target, timeout=TIMEOUT)
                status, body = call(conn, "POST", SESSIONS, WRONG_LOGIN, JSON_TYPE)
            except (OSError, http.client.HTTPException):
                by_status["error"] += 1
                if conn:
                    conn.close()
                conn = None
                continue
            by_status[str(status) if status in FLOOD_STATUSES else "other"] += 1
            if status == 429:
                try:
                    codes_429[json.loads(body).get("code", "none")] += 1
                except (ValueError, AttributeError):
                    codes_429["not JSON"] += 1
        if conn:
            conn.close()

    begun = time.monotonic()
    threads = [threading.Thread(target=worker, args=(begun + seconds, *tally))
               for tally in tallies]
    started.set()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begun
    finished.set()
    by_status = sum((s for s, _ in tallies), Counter())
    codes_429 = sum((c for _, c in tallies), Counter())
    errors = by_status.pop("error", 0)
    results.send({
        "requests": sum(by_status.values()) + errors,
        "seconds": elapsed,
        "by_status": {key: by_status[key] for key in [*map(str, FLOOD_STATUSES), "other"]},
        "codes_429": dict(codes_429),
        "errors": errors,
    })


def percentile(values, q):
    """The nearest-rank q-th percentile of `values`, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


def rounded(value):
    return None if value is None else round(value, 3)


def ms(value):
    return "—" if value is None else f"{value:.3f} ms"


def run(target, args):
    """The soak: the figures as a dict, and the GET failures at rest and during the flood."""
    token = login(target)
    # At rest, the GETs are spaced as during the flood: a server woken every 50 ms answers more
    # slowly than one kept busy by back-to-back requests, and only the flood may differ.
    interval = args.flood_seconds / args.flood_gets
    rest, rest_failures = timed_gets(target, token, args.rest_gets, interval,
                                     time.monotonic() + args.rest_gets * interval + REST_SECONDS)
    ctx = multiprocessing.get_context("spawn")
    started, finished = ctx.Event(), ctx.Event()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=flood, daemon=True, args=(
        target, args.flood_seconds, args.flood_max, started, finished, send))
    child.start()
    send.close()  # the child's end: if the child dies, receiving fails at once
    try:
        if not started.wait(30):
            raise SoakError("the flood process did not start within 30 s")
        during, flood_failures = timed_gets(
            target, token, args.flood_gets, args.flood_seconds / args.flood_gets,
            time.monotonic() + args.flood_seconds, stop=finished)
        # The flood ends by its deadline, plus at most one socket timeout per thread.
        if not receive.poll(args.flood_seconds + 3 * TIMEOUT):
            raise SoakError("the flood process did not report")
        try:
            result = receive.recv()
        except EOFError:
            raise SoakError(f"the flood process died (exit {child.exitcode})") from None
    finally:
        child.join(TIMEOUT)
        if child.is_alive():
            child.terminate()
    rest_p50, flood_p50 = percentile(rest, 50), percentile(during, 50)
    figures = {
        "rest_p50_ms": rounded(rest_p50),
        "rest_p95_ms": rounded(percentile(rest, 95)),
        "flood_p50_ms": rounded(flood_p50),
        "flood_p95_ms": rounded(percentile(during, 95)),
        "ratio_p50": rounded(flood_p50 / rest_p50) if rest_p50 and flood_p50 else None,
        "ratio_goal": 2.0,
        "rest_gets": len(rest),
        "flood_gets": len(during),
        "connections": CONNECTIONS,
        "flood_requests": result["requests"],
        "flood_by_status": result["by_status"],
        "flood_429": result["by_status"]["429"],
        "flood_429_by_code": result["codes_429"],
        "flood_errors": result["errors"],
        "get_errors": sum(rest_failures.values()) + sum(flood_failures.values()),
        "flood_seconds": round(result["seconds"], 2),
    }
    return figures, rest_failures, flood_failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the server, http://127.0.0.1:PORT (loopback only)")
    parser.add_argument("--rest-gets", type=bounded(int, 1, 10_000), default=200,
                        help="timed GETs at rest (default 200)")
    parser.add_argument("--flood-gets", type=bounded(int, 1, 10_000), default=200,
                        help="timed GETs during the flood, spaced evenly (default 200)")
    parser.add_argument("--flood-seconds", type=bounded(float, 1, 300), default=10.0,
                        help="how long the flood lasts at most (default 10)")
    parser.add_argument("--flood-max", type=bounded(int, 1, 1_000_000), default=20_000,
                        help="flood requests at most, all connections together (default 20000)")
    args = parser.parse_args()
    target = loopback_target(parser, args.url)
    try:
        figures, rest_failures, flood_failures = run(target, args)
    except (SoakError, OSError, http.client.HTTPException) as e:
        print(f"soak: {e}", file=sys.stderr)
        return 1
    print(json.dumps(figures))

    f = figures
    ratio = "—" if f["ratio_p50"] is None else f"{f['ratio_p50']:.2f}x"
    by_status = ", ".join(f"{k}: {v}" for k, v in f["flood_by_status"].items())
    codes = ", ".join(f"{k} {v}" for k, v in sorted(f["flood_429_by_code"].items()))
    print(f"""\
soak: cheap GET p50 / p95 at rest        {ms(f['rest_p50_ms'])} / {ms(f['rest_p95_ms'])} ({f['rest_gets']} GETs)
soak: cheap GET p50 / p95 during flood   {ms(f['flood_p50_ms'])} / {ms(f['flood_p95_ms'])} ({f['flood_gets']} GETs)
soak: ratio of the p50s                  {ratio} (goal ≤ 2x)
soak: flood, {f['connections']} connections, {f['flood_seconds']:.1f} s  {f['flood_requests']} requests ({by_status}; errors: {f['flood_errors']})
soak: flood answers 429 by code          {codes or '—'}
soak: failed GETs                        {f['get_errors']} (at rest: {dict(rest_failures)}, during: {dict(flood_failures)})""",
          file=sys.stderr)
    return 1 if f["get_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
