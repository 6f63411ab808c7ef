#!/usr/bin/env python3
"""Generate userstore's enums (timezones, countries, locales, languages).

Writes, relative to the repository root:

    data/enums/timezones.json   [{id, name, code, offset}]   (id order)
    data/enums/countries.json   [{id, name, code, code2}]    (id order)
    data/enums/locales.json     [{id, code, name}]           (id order)
    data/enums/languages.json   [{code, name}]               (code order)
    data/enums/tables.txt       the same data as text tables, a record a line, which
                                build.rs compiles in compressed (see to_text())
    src/data/enums/tables.rs         the first ids and the code indexes of those tables, as
                                Rust statics (generated, do not edit)

How to run (from the repository root; Python 3.11+):

    python3 -m venv /tmp/enums-venv
    /tmp/enums-venv/bin/pip install tzdata==2026.6 pycountry==26.2.16 babel==2.19.0
    /tmp/enums-venv/bin/python tools/enums/generate.py           # (re)write the files
    /tmp/enums-venv/bin/python tools/enums/generate.py --check   # exit 1 if they are stale

Sources (the versions the committed files were made from; see SOURCES below,
the script refuses other versions until SOURCES is bumped on purpose):

* Time zones: the IANA time zone database, release 2026f, from the PyPI
  package `tzdata` 2026.6 (the same data as https://www.iana.org/time-zones).
  The zone list is the `Z` (Zone) lines of its `tzdata.zi` (main data, built
  without `backzone`); the standard offset is read from each zone's final
  rules in that file and cross-checked with Python's `zoneinfo` reading the
  package's compiled TZif files (the system's /usr/share/zoneinfo is
  deliberately NOT used: it may be another release, built with backzone).
* Countries (ISO 3166-1) and languages (ISO 639-1 codes): Debian's
  `iso-codes` data as shipped in the PyPI package `pycountry` 26.2.16
  (`pycountry/databases/iso3166-1.json`, `iso639-3.json`).
* Locales and English language names: Unicode CLDR 49 as shipped in the
  PyPI package `babel` 2.19.0.

Rules (details in tools/enums/README.md):

* Ids are stable forever and append-only. When data/enums/*.json exist they
  are the id registry: every code keeps its id, new codes get ids after the
  largest id ever used, nothing is renumbered, a code that disappears from a
  source keeps its last record. Re-running with the same sources gives
  byte-identical files.
* Timezone `offset` is the standard offset under the zone's latest rules, in
  IANA's "rearguard" reading (DST only moves clocks forward: Europe/Dublin is
  +0000); see std_offsets(). Link names are not entries; they go into an alias
  table so that e.g. "UTC" or "Europe/Kiev" still resolve.
* Initial id assignment (made once, on the very first run, when no JSON
  existed):
  - timezones: Europe/Prague = 113 and Europe/Rome = 164 are pinned (the two
    ids Make's public API documents); every other zone, sorted by (standard
    offset, code), takes the lowest free id starting at 1.
  - countries: sorted by English name (accents folded, case-insensitive),
    ids from 4 (Make's published ids: Afghanistan 4, Aland Islands 5,
    Albania 6; ids 1-3 are never used).
  - locales: sorted by BCP 47 code, ids from 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import sys
import unicodedata
import zoneinfo
from pathlib import Path

# Exact versions the committed output was generated from.
SOURCES = {
    "tzdata": "2026.6",
    "pycountry": "26.2.16",
    "babel": "2.19.0",
}

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data" / "enums"
RUST_OUT = ROOT / "src" / "data" / "enums" / "tables.rs"
TEXT_OUT = DATA_DIR / "tables.txt"

# Ids documented by Make for these zones; kept for compatibility.
TIMEZONE_PINS = {"Europe/Prague": 113, "Europe/Rome": 164}
TIMEZONE_FIRST_ID = 1
COUNTRY_FIRST_ID = 4
LOCALE_FIRST_ID = 1

# Zone areas a person picks from; plus Etc/UTC. Left out: Etc/GMT+N style
# fixed offsets, the System V names (EST5EDT, ...) and "Factory".
TIMEZONE_AREAS = {
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
    "Australia", "Europe", "Indian", "Pacific",
}
TIMEZONE_EXTRA = {"Etc/UTC"}


# --------------------------------------------------------------------------
# sources


def check_versions() -> dict[str, str]:
    found = {}
    for dist, want in SOURCES.items():
        try:
            have = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            sys.exit(f"error: PyPI package {dist}=={want} is not installed (see the docstring)")
        if have != want:
            sys.exit(
                f"error: {dist} {have} installed, but SOURCES pins {want}. Install the pinned "
                f"version, or bump SOURCES (and the docstring/README) on purpose to update the data."
            )
        found[dist] = have
    return found


def tzdata_dir() -> Path:
    import tzdata  # PyPI package

    return Path(tzdata.__file__).parent / "zoneinfo"


def load_tz():
    """Return (iana_version, [zone names], {link name: target})."""
    import tzdata

    zones, links = [], {}
    for line in (tzdata_dir() / "tzdata.zi").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "Z":
            zones.append(parts[1])
        elif parts[0] == "L":
            links[parts[2]] = parts[1]
        elif line.startswith("# ddeps") and "backzone" in line:
            sys.exit("error: tzdata.zi was built with backzone; expected the main data only")
    return tzdata.IANA_VERSION, zones, links


def parse_duration(text: str) -> int:
    """A zic duration such as "5:45", "-3:30", "0:20", "-1" as seconds."""
    neg = text.startswith("-")
    parts = [int(x) for x in text.lstrip("-").split(":")] + [0, 0]
    seconds = parts[0] * 3600 + parts[1] * 60 + parts[2]
    return -seconds if neg else seconds


def std_offsets(zi_text: str) -> dict[str, int]:
    """Each zone's standard offset in minutes, under its final (open-ended) rules.

    The offset is STDOFF of the zone's last line, lowered by the most negative SAVE
    of the rules that run to "max". That is IANA's "rearguard" reading, where
    daylight saving only ever moves clocks forward: Europe/Dublin's main data
    says IST (+01) is standard and winter GMT is a -1h "DST", its standard offset
    here is +00:00. Zones that have changed for good (e.g. a move to permanent
    summer time) get their new offset.
    """
    rules: dict[str, list[tuple[str, int]]] = {}
    last: dict[str, list[str]] = {}
    current = None
    for line in zi_text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if parts[0] == "R":  # R NAME FROM TO - IN ON AT SAVE LETTER
            rules.setdefault(parts[1], []).append((parts[3], parse_duration(parts[8])))
            current = None
        elif parts[0] == "L":
            current = None
        elif parts[0] == "Z":  # Z NAME STDOFF RULES FORMAT [UNTIL]
            current = parts[1]
            last[current] = parts[2:]
        elif current:  # continuation: STDOFF RULES FORMAT [UNTIL]
            last[current] = parts
    out = {}
    for zone, (stdoff, rule, *_rest) in last.items():
        seconds = parse_duration(stdoff)
        if rule == "-":
            pass
        elif rule[0].isdigit() or rule[0] == "-":  # a fixed SAVE amount
            seconds += min(0, parse_duration(rule))
        else:
            seconds += min([0] + [save for to, save in rules[rule] if to == "ma"])
        if seconds % 60:
            raise ValueError(f"{zone}: standard offset {seconds}s is not whole minutes")
        out[zone] = seconds // 60
    return out


def lowest_offset_minutes(tz: zoneinfo.ZoneInfo, year: int) -> int:
    """The lowest UTC offset `tz` uses in `year` (sampled every 6 hours)."""
    t = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone.utc)
    lowest = min(
        (t + dt.timedelta(hours=6 * i)).astimezone(tz).utcoffset()
        for i in range(int((end - t) / dt.timedelta(hours=6)))
    )
    return int(lowest.total_seconds()) // 60


def fmt_offset(minutes: int) -> tuple[str, str]:
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}{m:02d}", f"{sign}{h:02d}:{m:02d}"


def fold(s: str) -> str:
    """Sort key for English names: accents removed, case folded."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def pycountry_db(name: str):
    import pycountry

    path = Path(pycountry.__file__).parent / "databases" / name
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------
# id registry


def load_existing(name: str) -> list[dict] | None:
    path = DATA_DIR / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def assign(existing: list[dict] | None, fresh: list[dict], first_id: int, pins: dict[str, int] | None = None) -> list[dict]:
    """Merge freshly generated records (in initial-assignment order, without ids)
    with the existing registry. Returns records with ids, sorted by id."""
    pins = pins or {}
    by_code = {r["code"]: r for r in fresh}
    if len(by_code) != len(fresh):
        raise ValueError("duplicate codes in source data")
    out: dict[str, dict] = {}
    used: set[int] = set()
    for old in existing or []:
        code = old["code"]
        if code in out or old["id"] in used:
            raise ValueError(f"registry corrupt: duplicate code or id at {old}")
        rec = dict(by_code.get(code) or old)  # refresh data; keep a dropped code's last record
        if code not in by_code:
            print(f"warning: {code} is no longer in the source; keeping id {old['id']}", file=sys.stderr)
        rec["id"] = old["id"]
        out[code] = rec
        used.add(old["id"])
    new = [r for r in fresh if r["code"] not in out]
    if existing is None:
        # Very first run: pinned ids, then fill the free ids from first_id upwards.
        for code, pid in pins.items():
            if code not in by_code:
                raise ValueError(f"pinned code {code} not in source")
            out[code] = dict(by_code[code], id=pid)
            used.add(pid)
        nxt = first_id
        for r in new:
            if r["code"] in out:
                continue
            while nxt in used:
                nxt += 1
            out[r["code"]] = dict(r, id=nxt)
            used.add(nxt)
    else:
        # Append only: after the largest id ever used.
        nxt = max(used, default=first_id - 1) + 1
        for r in new:
            out[r["code"]] = dict(r, id=nxt)
            used.add(nxt)
            nxt += 1
    return sorted(out.values(), key=lambda r: r["id"])


# --------------------------------------------------------------------------
# builders


def build_timezones():
    iana_version, zones, links = load_tz()
    std = std_offsets((tzdata_dir() / "tzdata.zi").read_text(encoding="utf-8"))
    zoneinfo.reset_tzpath(to=[])  # only the tzdata package, never the system zoneinfo
    chosen = sorted(z for z in zones if z.split("/")[0] in TIMEZONE_AREAS or z in TIMEZONE_EXTRA)
    missing = TIMEZONE_EXTRA - set(chosen)
    if missing:
        sys.exit(f"error: {missing} not a Zone in tzdata {iana_version}")

    def record(code: str) -> dict:
        target = code
        while target in links:
            target = links[target]
        minutes = std.get(target)
        # Cross-check with the compiled data: far in the future a zone follows its final
        # rules (the TZif footer), and its lowest offset there is the standard offset.
        far = lowest_offset_minutes(zoneinfo.ZoneInfo(code), 2100)
        if minutes is None:
            minutes = far
        elif minutes != far:
            sys.exit(f"error: {code}: standard offset {minutes} min from tzdata.zi, {far} from zoneinfo")
        compact, colon = fmt_offset(minutes)
        return {"name": f"(GMT{colon}) {code}", "code": code, "offset": compact, "_minutes": minutes}

    fresh = sorted((record(z) for z in chosen), key=lambda r: (r["_minutes"], r["code"]))
    for r in fresh:
        del r["_minutes"]
    existing = load_existing("timezones.json")
    if existing:
        # A retired code (e.g. a Zone turned into a Link) keeps its id; while
        # zoneinfo still knows it, keep its offset current.
        fresh_codes = {r["code"] for r in fresh}
        for old in existing:
            if old["code"] not in fresh_codes:
                try:
                    rec = record(old["code"])
                except zoneinfo.ZoneInfoNotFoundError:
                    continue
                del rec["_minutes"]
                fresh.append(rec)
    table = assign(existing, fresh, TIMEZONE_FIRST_ID, TIMEZONE_PINS)
    table = [{"id": r["id"], "name": r["name"], "code": r["code"], "offset": r["offset"]} for r in table]

    # Link names (aliases such as UTC, Europe/Kiev, Asia/Calcutta) that lead to a zone in the table.
    codes = {r["code"] for r in table}
    aliases = {}
    for alias in links:
        target, seen = alias, set()
        while target in links and target not in seen:
            seen.add(target)
            target = links[target]
        if target in codes and alias not in codes:
            aliases[alias] = target
    return table, aliases, iana_version


def build_countries():
    rows = pycountry_db("iso3166-1.json")["3166-1"]
    fresh = []
    for e in rows:
        name = e.get("common_name", e["name"])
        fresh.append({"name": name, "code": e["alpha_3"].upper(), "code2": e["alpha_2"].lower()})
    fresh.sort(key=lambda r: (fold(r["name"]), r["name"], r["code"]))
    table = assign(load_existing("countries.json"), fresh, COUNTRY_FIRST_ID)
    return [{"id": r["id"], "name": r["name"], "code": r["code"], "code2": r["code2"]} for r in table]


def build_locales():
    from babel import Locale, localedata

    english_languages = Locale("en").languages
    fresh = []
    for ident in localedata.locale_identifiers():
        loc = Locale.parse(ident)
        if not loc.territory or loc.variant:
            continue  # a locale here is language + region (+ script); no variants such as en_US_POSIX
        name = loc.get_display_name("en")
        if not name or loc.language not in english_languages:
            continue  # CLDR has no English name for this language yet (a seed locale)
        code = "-".join(p for p in (loc.language, loc.script, loc.territory) if p)
        fresh.append({"code": code, "name": name})
    fresh.sort(key=lambda r: r["code"])
    table = assign(load_existing("locales.json"), fresh, LOCALE_FIRST_ID)
    return [{"id": r["id"], "code": r["code"], "name": r["name"]} for r in table]


def build_languages():
    from babel import Locale

    english = Locale("en").languages
    rows = pycountry_db("iso639-3.json")["639-3"]
    out = {}
    for e in rows:
        code = e.get("alpha_2")
        if code:
            # CLDR's English name ("Greek"), else ISO 639's reference name ("Modern Greek (1453-)").
            out[code.lower()] = {"code": code.lower(), "name": english.get(code) or e["name"]}
    for old in load_existing("languages.json") or []:
        if old["code"] not in out:
            print(f"warning: language {old['code']} is no longer in the source; keeping it", file=sys.stderr)
            out[old["code"]] = {"code": old["code"], "name": old["name"]}
    return [out[c] for c in sorted(out)]


# --------------------------------------------------------------------------
# output


def to_json(records: list[dict]) -> str:
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def line(*fields: str, sep: str = "") -> str:
    """One record of a text table: its fields joined by `sep` (the Rust side slices them)."""
    for f in fields:
        if "\t" in f or "\n" in f or "\r" in f:
            raise ValueError(f"a field holds a tab or a line break: {f!r}")
    return sep.join(fields)


def index_by(records: list[dict], key) -> list[int]:
    return sorted(range(len(records)), key=lambda i: key(records[i]).encode("ascii"))


def rs_index(name: str, doc: str, values: list[int]) -> str:
    """A Rust `&[u16]` static of positions, sixteen a line."""
    rows = [", ".join(map(str, values[i : i + 16])) + "," for i in range(0, len(values), 16)]
    body = "\n".join("    " + r for r in rows)
    return f"/// {doc}\npub(super) static {name}: &[u16] = &[\n{body}\n];"


def first_id(records: list[dict], what: str) -> int:
    """The first id of a table whose ids follow each other without gaps (the registry only
    ever appends, and keeps retired codes), so the Rust side can leave them out."""
    ids = [r["id"] for r in records]
    if ids != list(range(ids[0], ids[0] + len(ids))):
        raise ValueError(f"{what}: ids are not consecutive")
    return ids[0]


def check_tables(tz, countries, locales, languages) -> None:
    """What the Rust side relies on when it slices the text tables."""
    for r in tz + countries + locales + languages:
        r["code"].encode("ascii")  # codes must be ASCII: the Rust lookups compare bytes
    for r in tz:
        # The line is offset + name, and the name ends with the code: both are slices of it.
        assert r["name"].endswith(") " + r["code"]) and len(r["offset"]) == 5, r
    for r in countries:
        assert len(r["code"]) == 3 and len(r["code2"]) == 2, r
    for r in languages:
        assert len(r["code"]) == 2, r


def to_text(tz, aliases, countries, locales, languages) -> str:
    """data/enums/tables.txt: each table is a line with its name, then a record a line, then
    an empty line. `super::Tables::parse` (src/data/enums/mod.rs) reads them in this order; the
    line formats are described in the header of tables.rs (to_rust())."""
    check_tables(tz, countries, locales, languages)
    tz_pos = {r["code"]: i for i, r in enumerate(tz)}
    links = sorted(aliases, key=lambda a: a.encode("ascii"))
    tables = [
        ("timezones", [line(r["offset"], r["name"]) for r in tz]),
        ("timezone_links", [line(a, str(tz_pos[aliases[a]]), sep=chr(9)) for a in links]),
        ("countries", [line(r["code"], r["code2"], r["name"]) for r in countries]),
        ("locales", [line(r["code"], r["name"], sep=chr(9)) for r in locales]),
        ("languages", [line(r["code"], r["name"]) for r in languages]),
    ]
    out = []
    for name, lines in tables:
        assert all(lines), f"{name}: an empty record would end the table"
        out += [name, *lines, ""]
    return "\n".join(out) + "\n"


def to_rust(tz, countries, locales, languages, versions, iana_version) -> str:
    from babel.core import get_cldr_version

    check_tables(tz, countries, locales, languages)
    o = []
    w = o.append
    w("// @generated by tools/enums/generate.py. DO NOT EDIT: change the script and re-run it.")
    w(f"// Sources: IANA tz {iana_version} (PyPI tzdata {versions['tzdata']}); ISO 3166-1 and ISO 639")
    w(f"// from Debian iso-codes (PyPI pycountry {versions['pycountry']}); CLDR {get_cldr_version()} (PyPI babel {versions['babel']}).")
    w("// The JSON copies are in data/enums/.")
    w("//")
    w("// The tables themselves are text, in data/enums/tables.txt (written by the same run), which")
    w("// build.rs compiles in LZMA-compressed and `super::Tables::parse` inflates and reads once.")
    w("// Each table there is a line with its name, then a record a line, then an empty line:")
    w("//")
    w("// - timezones: canonical IANA zones, in id order: the standard offset (`+HHMM`), then the")
    w("//   display name `(GMT+HH:MM) Code`, which ends with the code.")
    w("// - timezone_links: IANA link names (aliases), sorted bytewise, each with a tab and the line")
    w("//   number (from 0) in `timezones` of the zone it resolves to.")
    w("// - countries: ISO 3166-1 countries, in id order: the alpha-3 code, the alpha-2 code, the")
    w("//   English name.")
    w("// - locales: CLDR locales (language, optional script, region), in id order: the code, a tab,")
    w("//   the name.")
    w("// - languages: ISO 639-1 languages, in code order: the two-letter code, then the English name.")
    w("//")
    w("// Ids are implied: the first is `*_FIRST_ID` below and each line adds one. Text keeps the")
    w("// compiled tables small (no pointer pair per field), which matters for the WebAssembly")
    w("// package; the code indexes are generated too, so nothing is sorted at run time.")
    w("")
    w("/// Id of the first line of the `timezones` table.")
    w(f"pub(super) const TIMEZONES_FIRST_ID: i64 = {first_id(tz, 'timezones')};")
    w("")
    w(rs_index("TIMEZONES_BY_CODE", "Positions in the `timezones` table, sorted by code (bytewise).", index_by(tz, lambda r: r["code"])))
    w("")
    w("/// Id of the first line of the `countries` table.")
    w(f"pub(super) const COUNTRIES_FIRST_ID: i64 = {first_id(countries, 'countries')};")
    w("")
    w(rs_index("COUNTRIES_BY_CODE", "Positions in the `countries` table, sorted by upper-case alpha-3 code.", index_by(countries, lambda r: r["code"].upper())))
    w("")
    w(rs_index("COUNTRIES_BY_CODE2", "Positions in the `countries` table, sorted by lower-case alpha-2 code.", index_by(countries, lambda r: r["code2"].lower())))
    w("")
    w("/// Id of the first line of the `locales` table.")
    w(f"pub(super) const LOCALES_FIRST_ID: i64 = {first_id(locales, 'locales')};")
    w("")
    w(rs_index("LOCALES_BY_CODE", "Positions in the `locales` table, sorted by lower-case code.", index_by(locales, lambda r: r["code"].lower())))
    return "\n".join(o) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = ap.parse_args()

    versions = check_versions()
    tz, aliases, iana_version = build_timezones()
    countries = build_countries()
    locales = build_locales()
    languages = build_languages()

    # The documented anchors (they can only break on a corrupt registry).
    by_id = {r["id"]: r for r in tz}
    assert by_id[113]["code"] == "Europe/Prague" and by_id[164]["code"] == "Europe/Rome", "timezone anchors"
    assert [r["name"] for r in countries[:3]] == ["Afghanistan", "Åland Islands", "Albania"], "country anchors"
    assert countries[0]["id"] == 4
    assert any(r["id"] == 18 for r in locales), "locale 18"

    files = {
        DATA_DIR / "timezones.json": to_json(tz),
        DATA_DIR / "countries.json": to_json(countries),
        DATA_DIR / "locales.json": to_json(locales),
        DATA_DIR / "languages.json": to_json(languages),
        TEXT_OUT: to_text(tz, aliases, countries, locales, languages),
        RUST_OUT: to_rust(tz, countries, locales, languages, versions, iana_version),
    }
    stale = []
    for path, text in files.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    verb = "stale" if args.check else "written"
    for p in stale:
        print(f"{verb}: {p}")
    print(
        f"timezones {len(tz)} (+{len(aliases)} aliases), countries {len(countries)}, "
        f"locales {len(locales)}, languages {len(languages)}; {len(stale)} file(s) {verb}"
    )
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
