#!/usr/bin/env python3
"""Generate core/src/number/emergency_table.rs from libphonenumber's ShortNumberMetadata.xml.

Usage (from anywhere):

    python3 scripts/gen-emergency-table.py [PATH/TO/ShortNumberMetadata.xml] [--check]

The XML path defaults to ../shared/data/libphonenumber/ShortNumberMetadata.xml relative
to the repository root. The output is always core/src/number/emergency_table.rs (or the
path given with --output). With --check nothing is written; the exit status is 1 when
the checked-in file differs from what would be generated.

Python 3 standard library only. The output is deterministic: regions are sorted, and
the only input besides the XML is the provenance block below (update it whenever the
XML is refreshed from upstream).

For every <territory> with an <emergency> element the table holds:
  * pattern  - the emergency nationalNumberPattern with all whitespace removed; the
               Rust side matches it against the WHOLE digit string (^(?:PAT)$), i.e.
               libphonenumber's ShortNumberInfo.isEmergencyNumber semantics;
  * examples - the upstream exampleNumber first, then every other string of the
               pattern's language that can be spelled out without a \\d wildcard
               (e.g. "11[2358]" -> 112 113 115 118, "112|911" -> 112 911), shortest
               first. Every example is verified to fully match the pattern.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# Provenance of the input file. Update together with the XML.
SOURCE_REPO = "https://github.com/google/libphonenumber"
SOURCE_FILE = "resources/ShortNumberMetadata.xml"
SOURCE_COMMIT = "f7e3e88"
SOURCE_DATE = "2026-07-17"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_XML = REPO_ROOT / ".." / "shared" / "data" / "libphonenumber" / "ShortNumberMetadata.xml"
DEFAULT_OUTPUT = REPO_ROOT / "core" / "src" / "number" / "emergency_table.rs"

# Upper bound on the number of derived examples per region; if a pattern's spelled-out
# language is larger, only the upstream exampleNumber is kept for that region.
MAX_DERIVED_EXAMPLES = 32


class Unsupported(Exception):
    """The pattern uses a construct the example expander does not handle."""


class _Expander:
    """Spell out the finite language of a libphonenumber digit pattern.

    Supported subset (everything ShortNumberMetadata.xml emergency patterns use):
    digits, [..] classes with ranges, (?:..) groups, |, ?, {n}, {n,m}. A branch
    containing \\d is dropped (it stands for 10+ numbers and adds nothing as a
    documentation example). Anything else raises Unsupported.
    """

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def parse(self) -> set[str]:
        out = self._alternation()
        if self.i != len(self.p):
            raise Unsupported(f"unexpected {self.p[self.i]!r} at {self.i}")
        return out

    def _peek(self) -> str | None:
        return self.p[self.i] if self.i < len(self.p) else None

    def _alternation(self) -> set[str]:
        out = self._sequence()
        while self._peek() == "|":
            self.i += 1
            out |= self._sequence()
        return out

    def _sequence(self) -> set[str]:
        acc: set[str] | None = {""}  # None = branch dropped (contains \d)
        while self._peek() not in (None, "|", ")"):
            atom = self._quantified()
            if acc is None or atom is None:
                acc = None
            else:
                acc = {a + b for a in acc for b in atom}
                if len(acc) > MAX_DERIVED_EXAMPLES:
                    raise Unsupported("language too large")
        return acc if acc is not None else set()

    def _quantified(self) -> set[str] | None:
        atom = self._atom()
        c = self._peek()
        if c == "?":
            self.i += 1
            return None if atom is None else atom | {""}
        if c == "{":
            m = re.compile(r"\{(\d+)(?:,(\d+))?\}").match(self.p, self.i)
            if not m:
                raise Unsupported(f"bad quantifier at {self.i}")
            self.i = m.end()
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) is not None else lo
            if atom is None:
                return None
            out: set[str] = set()
            for n in range(lo, hi + 1):
                cur = {""}
                for _ in range(n):
                    cur = {a + b for a in cur for b in atom}
                    if len(cur) > MAX_DERIVED_EXAMPLES:
                        raise Unsupported("language too large")
                out |= cur
            return out
        if c in ("*", "+"):
            raise Unsupported("unbounded repetition")
        return atom

    def _atom(self) -> set[str] | None:
        c = self._peek()
        if c is not None and c.isdigit() and c.isascii():
            self.i += 1
            return {c}
        if c == "\\":
            nxt = self.p[self.i + 1 : self.i + 2]
            self.i += 2
            if nxt == "d":
                return None
            raise Unsupported(f"escape \\{nxt}")
        if c == "[":
            end = self.p.find("]", self.i)
            if end < 0:
                raise Unsupported("unterminated class")
            body = self.p[self.i + 1 : end]
            self.i = end + 1
            if not re.fullmatch(r"(?:\d-\d|\d)+", body):
                raise Unsupported(f"class [{body}]")
            chars: set[str] = set()
            for m in re.finditer(r"(\d)-(\d)|(\d)", body):
                if m.group(3) is not None:
                    chars.add(m.group(3))
                else:
                    lo, hi = int(m.group(1)), int(m.group(2))
                    if lo > hi:
                        raise Unsupported(f"class [{body}]")
                    chars |= {str(d) for d in range(lo, hi + 1)}
            return chars
        if c == "(":
            if not self.p.startswith("(?:", self.i):
                raise Unsupported("capturing group")
            self.i += 3
            inner = self._alternation()
            if self._peek() != ")":
                raise Unsupported("unbalanced group")
            self.i += 1
            # A group whose every branch contains \d contributes nothing.
            return inner if inner else None
        raise Unsupported(f"unexpected {c!r}")


def derive_examples(region: str, pattern: str, example: str) -> list[str]:
    """exampleNumber first, then the spelled-out language (shortest first), deduplicated."""
    try:
        extra = _Expander(pattern).parse()
    except Unsupported as e:
        print(f"note: {region}: examples not expanded ({e}); keeping exampleNumber only",
              file=sys.stderr)
        extra = set()
    if len(extra) > MAX_DERIVED_EXAMPLES:
        print(f"note: {region}: {len(extra)} spelled-out numbers; keeping exampleNumber only",
              file=sys.stderr)
        extra = set()
    ordered = [example] + sorted(extra - {example}, key=lambda s: (len(s), s))
    for ex in ordered:
        if not re.fullmatch(pattern, ex):
            raise SystemExit(f"error: {region}: example {ex!r} does not match {pattern!r}")
    return ordered


def read_table(xml_path: Path) -> list[tuple[str, str, list[str]]]:
    root = ET.parse(xml_path).getroot()
    rows: dict[str, tuple[str, list[str]]] = {}
    for territory in root.iter("territory"):
        region = (territory.get("id") or "").strip()
        emergency = territory.find("emergency")
        if emergency is None:
            continue
        if not re.fullmatch(r"[A-Z]{2}", region):
            # e.g. the non-geographic "001" entries of PhoneNumberMetadata.xml
            raise SystemExit(f"error: unexpected territory id {region!r} with <emergency>")
        if region in rows:
            raise SystemExit(f"error: duplicate territory {region}")
        pat_el = emergency.find("nationalNumberPattern")
        ex_el = emergency.find("exampleNumber")
        if pat_el is None or not (pat_el.text or "").strip():
            raise SystemExit(f"error: {region}: <emergency> without nationalNumberPattern")
        if ex_el is None or not (ex_el.text or "").strip():
            raise SystemExit(f"error: {region}: <emergency> without exampleNumber")
        pattern = "".join(pat_el.text.split())
        example = "".join(ex_el.text.split())
        if not example.isascii() or not example.isdigit():
            raise SystemExit(f"error: {region}: exampleNumber {example!r} is not digits")
        try:
            re.compile(pattern)
        except re.error as e:
            raise SystemExit(f"error: {region}: bad pattern {pattern!r}: {e}") from None
        rows[region] = (pattern, derive_examples(region, pattern, example))
    if not rows:
        raise SystemExit(f"error: no <emergency> elements found in {xml_path}")
    return [(r, p, ex) for r, (p, ex) in sorted(rows.items())]


def rust_raw(s: str) -> str:
    hashes = ""
    while f'"{hashes}' in s:
        hashes += "#"
    return f'r{hashes}"{s}"{hashes}'


def rust_str(s: str) -> str:
    if not re.fullmatch(r"[0-9A-Za-z]*", s):
        raise SystemExit(f"error: unexpected characters in {s!r}")
    return f'"{s}"'


def render(rows: list[tuple[str, str, list[str]]], sha256: str) -> str:
    out = [
        "// @generated by scripts/gen-emergency-table.py, do not edit.",
        "// Regenerate: python3 scripts/gen-emergency-table.py [path/to/ShortNumberMetadata.xml]",
        "//",
        "// Source: emergency <nationalNumberPattern>/<exampleNumber> of every <territory> in",
        f"//   {SOURCE_REPO}",
        f"//   file   {SOURCE_FILE}",
        f"//   commit {SOURCE_COMMIT} ({SOURCE_DATE})",
        f"//   sha256 {sha256}",
        "// Copyright (C) 2013 The Libphonenumber Authors. Licensed under the Apache License,",
        "// Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0); this table is a derived",
        "// work of that file. Whitespace was stripped from the patterns; examples after the",
        "// first (the upstream exampleNumber) are spelled out from the pattern itself.",
        "",
        "use super::emergency::EmergencyEntry;",
        "",
        f"/// Emergency short numbers of {len(rows)} regions, keyed by upper-case ISO 3166-1 alpha-2",
        "/// code. Each pattern must match the whole national digit string.",
        "pub(crate) static EMERGENCY: phf::Map<&'static str, EmergencyEntry> = phf::phf_map! {",
    ]
    for region, pattern, examples in rows:
        exs = ", ".join(rust_str(e) for e in examples)
        out.append(
            f'    "{region}" => EmergencyEntry {{ pattern: {rust_raw(pattern)}, examples: &[{exs}] }},'
        )
    out.append("};")
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("xml", nargs="?", type=Path, default=DEFAULT_XML,
                    help="ShortNumberMetadata.xml (default: %(default)s)")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT,
                    help="generated Rust file (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file is out of date")
    args = ap.parse_args()

    xml_path: Path = args.xml
    if not xml_path.is_file():
        print(f"error: {xml_path} not found", file=sys.stderr)
        return 2
    sha256 = hashlib.sha256(xml_path.read_bytes()).hexdigest()
    rows = read_table(xml_path)
    text = render(rows, sha256)

    out: Path = args.output
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else ""
        if current != text:
            print(f"{out} is out of date; rerun {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({len(rows)} regions)")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {out} ({len(rows)} regions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
