"""argon2id at userstore's default parameters (m = 19456 KiB, t = 2, p = 1) through libsodium's
crypto_pwhash (PyNaCl), for comparison with the Rust `argon2` crate in the same bench run.

Prints {"ns": median nanoseconds of one hash} as JSON. Run by scripts/bench.sh.
"""
import json
import statistics
import time

import nacl.pwhash

OPSLIMIT = 2  # t
MEMLIMIT = 19456 * 1024  # m, in bytes (libsodium's p is always 1)


def one() -> int:
    start = time.perf_counter_ns()
    nacl.pwhash.argon2id.str(b"Bench-Pass-2026!", opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    return time.perf_counter_ns() - start


one()  # warm up
print(json.dumps({"ns": int(statistics.median(one() for _ in range(15)))}))
