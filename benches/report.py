"""Merges the bench outputs of scripts/bench.sh into one markdown table (stdout)."""
import json
import os
import platform
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

out = Path(sys.argv[1])


def load(name):
    p = out / name
    return json.loads(p.read_text()) if p.exists() else None


def fmt(ns):
    if ns is None:
        return "—"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"


rows = []  # (figure, value ns, baseline name, baseline ns, goal)
native = load("native.json") or []
by_name = {r["figure"]: r for r in native}
# The growth rows ("growth: <what> @ <n> users", benches/userstore/main.rs) make a table of
# their own: <what> by store size.
growth = {}  # what -> {users: (ns, ratio to the smallest store or None)}
for r in native:
    m = re.fullmatch(r"growth: (.*) @ (\d+) users", r["figure"])
    if m:
        b = r.get("baseline")
        growth.setdefault(m[1], {})[int(m[2])] = (r["ns"], b and r["ns"] / b["ns"])
for r in native:
    if r["figure"].startswith("getUser as JSON") or r["figure"].startswith("growth: "):
        continue  # the C ABI row's baseline is measured again next to it below
    b = r.get("baseline")
    rows.append((r["figure"], r["ns"], b and b["name"], b and b["ns"], r["goal"]))

def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else None


# Alternating runs of the C program and of the Rust call (scripts/bench.sh): medians of each.
c_ns = median([json.loads(p.read_text())["ns"] for p in out.glob("c-*.json")])
rust_ns = median([r["ns"] for p in out.glob("ffi-*.json") for r in json.loads(p.read_text())])
if c_ns and rust_ns:
    rows.append(("getUser as JSON, C ABI (userstore_call), 5 alternating runs", c_ns,
                 "the same Rust call (api::call_json)", rust_ns, "≤ 1.5x"))

sodium = load("libsodium.json")
verify = next((r for r in native if r["figure"].startswith("login")), None)
if sodium and verify and verify.get("baseline"):
    rows.append(("argon2id m=19456 t=2 p=1, Rust argon2 crate", verify["baseline"]["ns"], "libsodium crypto_pwhash (PyNaCl)", sodium["ns"], "report the ratio"))

wasm = load("wasm.json") or {}
for r in wasm.get("rows", []):
    native_row = by_name.get(r.get("native")) if r.get("native") else None
    base_ns = native_row["ns"] if native_row else r.get("baselineNs")
    base_name = ("native: " + r["native"]) if native_row else r.get("baseline")
    rows.append((r["figure"], r.get("ns"), base_name, base_ns, r.get("goal", "")))

# The login flood soak (scripts/soak-login-flood.sh): a cheap GET during the flood next to
# the same GET at rest, and how much of the flood the throttle turned away.
soak = load("soak.json")
if soak:
    ms = 1e6
    rows.append((f"cheap GET p50 during a login flood from one client ({soak['connections']} "
                 f"connections, {soak['flood_requests']} requests in {soak['flood_seconds']:.1f} s)",
                 soak["flood_p50_ms"] * ms, "the same GET at rest, spaced the same", soak["rest_p50_ms"] * ms,
                 "≤ 2x"))
    throttled = soak["flood_429_by_code"].get("SC429", 0)
    rows.append((f"login flood requests refused by the throttle before any hashing: {throttled} of "
                 f"{soak['flood_requests']}", None, None, None, "all but the burst"))

cpu = "unknown CPU"
try:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass

print(f"# Benchmarks\n")
print(f"{date.today().isoformat()} · {os.cpu_count()} cores · {cpu} · {platform.system()} {platform.release()}\n")
print("Made by `scripts/bench.sh`. Each value is a median over repeated runs; its baseline was")
print("measured in the same run; the ratio is value / baseline. These machines are shared and")
print("noisy: compare ratios, not absolute times.\n")
print("| figure | value | baseline | baseline value | ratio | goal |")
print("|---|---|---|---|---|---|")
for fig, ns, bname, bns, goal in rows:
    ratio = f"{ns / bns:.2f}x" if ns is not None and bns else "—"
    value = fmt(ns) if isinstance(ns, (int, float)) else "—"
    print(f"| {fig} | {value} | {bname or '—'} | {fmt(bns) if bns else '—'} | {ratio} | {goal} |")
if growth:
    sizes = sorted({n for by_size in growth.values() for n in by_size})
    print("\nGrowth: each operation on stores of " + ", ".join(f"{n:,}" for n in sizes) + " users")
    print(f"(organization 1, the one listed, holds up to 100,000 of them). Each larger store was")
    print(f"measured in alternation with the {sizes[0]:,}-user one; the ratio is to that run's")
    print("figure for the small store. Goal: ≤ 1.5x at every size.\n")
    print("| operation | " + " | ".join(f"{n:,} users" for n in sizes) + " | largest / smallest |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for what, by_size in growth.items():
        cells = []
        for n in sizes:
            ns, ratio = by_size.get(n, (None, None))
            cells.append(fmt(ns) + (f" ({ratio:.2f}x)" if ratio else ""))
        last = by_size.get(sizes[-1], (None, None))[1]
        print(f"| {what} | " + " | ".join(cells) + f" | {f'{last:.2f}x' if last else '—'} |")
servers = load("servers.json")
if servers:
    base = servers[0]["rps"]
    print("\nRequests per second through real `userstore serve` processes (bindings/cli/benches/servers.rs):")
    print("eight clients, 80% PATCH and 20% GET `/users/me` over keep-alive connections. Clients,")
    print("servers and database share this machine's cores.\n")
    print(f"| write-heavy mix | requests/s | vs {servers[0]['figure']} |")
    print("|---|---|---|")
    for r in servers:
        print(f"| {r['figure']} | {r['rps']:.0f} | {r['rps'] / base:.2f}x |")
for note in wasm.get("notes", []):
    print(f"\n{note}")
