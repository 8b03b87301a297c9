#!/usr/bin/env python3
"""Oracle test: `ringfence normalize` against the `phonenumbers` package.

`phonenumbers` is the Python port of Google's libphonenumber. This script generates a
deterministic set of phone-number strings (every supported region, every number type that
has an example number, many formats and some broken or garbage input), asks phonenumbers
what each one is, feeds all of them to `ringfence normalize` in one run and compares the
answers line by line.

    normalize_oracle.py --bin PATH_TO_ringfence [--count N] [--seed S]
                        [--min-e164 99.5] [--min-valid 99] [--min-type 97]

Protocol of `ringfence normalize`: stdin lines `RAW<TAB>REGION`, stdout exactly one line per
input line, in order, `E164<TAB>VALID<TAB>TYPE` (`-<TAB>0<TAB>unknown` when unparsable).

The Rust side ships its own copy of libphonenumber metadata, which may lag or lead the one
in phonenumbers, so the thresholds are below 100 %. Exit status 1 when a threshold is
missed (or the binary cannot be run), else 0. The last line is
`oracle: N passed, M failed`, counting the three threshold checks.
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import subprocess
import sys

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

TYPE_NAMES = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}
EXAMPLE_TYPES = [t for t in TYPE_NAMES if t != PhoneNumberType.UNKNOWN]

# Regions to dial from, with their international (IDD) prefix: US 011, DE/IT/GB/FR 00,
# AU 0011, JP 010, BR 00xx style, RU 8~10.
CALLING_REGIONS = ["US", "DE", "IT", "AU", "JP", "GB", "FR", "CH", "BR", "RU", "SG", "IN"]

SEPARATORS = [" ", "-", ".", " - ", "/", "  ", ""]
FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))

GARBAGE = [
    ("", "US"),
    ("+", "US"),
    ("++", "DE"),
    ("hello", "GB"),
    ("abc def ghi", "FR"),
    ("not a number", "CH"),
    ("1-800-FLOWERS", "US"),
    ("1 800 FLOWERS", "US"),
    ("+1-800-FLOWERS", "CA"),
    ("1-888-GO-FEDEX", "US"),
    ("0800 FLOWERS", "GB"),
    ("12", "US"),
    ("1", "IT"),
    ("0", "DE"),
    ("00", "DE"),
    ("000", "AU"),
    ("+0", "US"),
    ("+00", "US"),
    ("+999", "US"),
    ("+999 123 456 789", "US"),
    ("+1", "US"),
    ("+41", "CH"),
    ("+41 44", "CH"),
    ("+41446681800", "XX"),
    ("+41446681800", "ZZ"),
    ("044 668 18 00", "ZZ"),
    ("044 668 18 00", "XX"),
    ("---", "US"),
    ("()", "US"),
    ("( ) - .", "US"),
    ("tel:", "US"),
    ("tel:+41446681800", "US"),
    ("tel:+41-44-668-18-00;ext=123", "US"),
    ("tel:044-668-18-00;phone-context=+41", "US"),
    ("+41 44 668 18 00 ext. 123", "CH"),
    ("+1 650 253 0000 x1234", "US"),
    ("(650) 253-0000", "US"),
    ("650.253.0000", "US"),
    ("+44 (0) 20 7031 3000", "GB"),
    ("0044 20 7031 3000", "GB"),
    ("011 44 20 7031 3000", "US"),
    ("+39 06 6982", "IT"),
    ("06 6982", "IT"),
    ("+49 30 123456", "DE"),
    ("1234567890123456789", "US"),
    ("+12345678901234567890", "US"),
    ("+1 " + "2" * 30, "US"),
    ("123456789012345678901234567890", "DE"),
    ("\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "EG"),
    ("+\u0662\u0660 \u0661\u0660\u0660 \u0661\u0662\u0663 \u0664\u0665\u0666\u0667", "EG"),
    ("\uff0b\uff14\uff11\u3000\uff14\uff14\u3000\uff16\uff16\uff18\u3000\uff11\uff18\u3000\uff10\uff10", "CH"),
    ("+41 44 668 18 00 !!", "CH"),
    ("call me at +41 44 668 18 00", "CH"),
    ("+41 44 668 18 00 or later", "CH"),
    ("#31#+41446681800", "CH"),
    ("*67 650 253 0000", "US"),
    ("112", "DE"),
    ("911", "US"),
    ("999", "GB"),
    ("+800 1234 5678", "US"),
    ("+979 123 456 789", "US"),
    ("+882 1234 5678", "US"),
    ("+3 9", "IT"),
    ("   ", "US"),
    ("\u00a0+41\u00a044\u00a0668\u00a018\u00a000", "CH"),
    ("\u2212 41 44 668 18 00", "CH"),
    ("\u2010650\u2010253\u20100000", "US"),
    ("+1 (650) 253-0000 ", "US"),
    ("+ 1 650 253 0000", "US"),
    ("+-1 650 253 0000", "US"),
    ("1 (650) 253-0000", "US"),
    ("8 (495) 123-45-67", "RU"),
    ("+7 (495) 123-45-67", "RU"),
    ("0 800 123 456", "FR"),
    ("+33 (0)1 23 45 67 89", "FR"),
]


def expectation(raw: str, region: str) -> tuple[str, str, str]:
    """What phonenumbers says about `raw` with default region `region`."""
    try:
        num = phonenumbers.parse(raw, region)
    except NumberParseException:
        return ("-", "0", "unknown")
    e164 = phonenumbers.format_number(num, PhoneNumberFormat.E164)
    valid = "1" if phonenumbers.is_valid_number(num) else "0"
    ntype = TYPE_NAMES.get(phonenumbers.number_type(num), "unknown")
    return (e164, valid, ntype)


def reseparate(text: str, rng: random.Random, plus: bool) -> str:
    """The digit groups of `text` joined by random separators, maybe with brackets."""
    groups = re.findall(r"\d+", text)
    if not groups:
        return text
    parts = []
    for i, g in enumerate(groups):
        if i == (1 if plus else 0) and len(groups) > 2 and rng.random() < 0.35:
            g = "(" + g + ")"
        parts.append(g)
    out = parts[0]
    for p in parts[1:]:
        out += rng.choice(SEPARATORS) + p
    return ("+" if plus else "") + out


def mutations(cc: int, nsn: str, rng: random.Random) -> list[tuple[str, str]]:
    """Digit-level changes to a national significant number: (kind, new nsn)."""
    out = []
    k = rng.randint(1, min(3, len(nsn)))
    changed = list(nsn)
    for i in range(len(nsn) - k, len(nsn)):
        changed[i] = rng.choice([d for d in "0123456789" if d != nsn[i]])
    out.append((f"mut-last{k}", "".join(changed)))
    pos = rng.randint(0, len(nsn))
    out.append(("mut-add", nsn[:pos] + rng.choice("0123456789") + nsn[pos:]))
    if len(nsn) > 1:
        pos = rng.randrange(len(nsn))
        out.append(("mut-drop", nsn[:pos] + nsn[pos + 1 :]))
    return out


def examples() -> list[tuple[str, str, phonenumbers.PhoneNumber]]:
    """(default region, type name, example) for every region and type with an example."""
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for t in EXAMPLE_TYPES:
            ex = phonenumbers.example_number_for_type(region, t)
            if ex is not None:
                out.append((region, TYPE_NAMES[t], ex))
    for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        ex = phonenumbers.example_number_for_non_geo_entity(cc)
        if ex is not None:
            out.append(("001", "non_geo", ex))
    return out


def generate(seed: int, count: int | None) -> list[tuple[str, str, str]]:
    """Deterministic cases: (kind, raw, default region)."""
    rng = random.Random(seed)
    cases: list[tuple[str, str, str]] = []

    def add(kind: str, raw: str, region: str) -> None:
        assert "\t" not in raw and "\n" not in raw and "\r" not in raw, raw
        cases.append((kind, raw, region))

    exs = examples()
    for region, _tname, ex in exs:
        nongeo = region == "001"
        # Non-geographic numbers need a '+' form; parse them with some real region.
        home = rng.choice(CALLING_REGIONS) if nongeo else region
        e164 = phonenumbers.format_number(ex, PhoneNumberFormat.E164)
        intl = phonenumbers.format_number(ex, PhoneNumberFormat.INTERNATIONAL)
        natl = phonenumbers.format_number(ex, PhoneNumberFormat.NATIONAL)
        rfc = phonenumbers.format_number(ex, PhoneNumberFormat.RFC3966)
        add("e164", e164, home)
        add("international", intl, home)
        if not nongeo:
            add("national", natl, region)
        add("rfc3966", rfc, home)
        caller = rng.choice([r for r in CALLING_REGIONS if r != region])
        ooc = phonenumbers.format_out_of_country_calling_number(ex, caller)
        add(f"from-{caller}", ooc, caller)
        if nongeo or rng.random() < 0.5:
            add("mixed-sep-intl", reseparate(intl, rng, plus=True), home)
        else:
            add("mixed-sep-national", reseparate(natl, rng, plus=False), region)
        if rng.random() < 0.3:
            if nongeo or rng.random() < 0.5:
                add("fullwidth-intl", intl.translate(FULLWIDTH), home)
            else:
                add("fullwidth-national", natl.translate(FULLWIDTH), region)
        nsn = phonenumbers.national_significant_number(ex)
        for kind, mutated in mutations(ex.country_code, nsn, rng):
            if nongeo or rng.random() < 0.5:
                add(kind + "-intl", f"+{ex.country_code}{mutated}", home)
            else:
                add(kind + "-nsn", mutated, region)

    for raw, region in GARBAGE:
        add("edge", raw, region)

    if count is not None:
        if count < len(cases):
            keep = sorted(rng.sample(range(len(cases)), count))
            cases = [cases[i] for i in keep]
        while len(cases) < count:
            region, _tname, ex = rng.choice(exs)
            home = rng.choice(CALLING_REGIONS) if region == "001" else region
            nsn = phonenumbers.national_significant_number(ex)
            kind, mutated = rng.choice(mutations(ex.country_code, nsn, rng))
            add("extra-" + kind, f"+{ex.country_code}{mutated}", home)
    return cases


def run_binary(binary: str, cases: list[tuple[str, str, str]]) -> tuple[list[str] | None, str]:
    data = "".join(f"{raw}\t{region}\n" for _k, raw, region in cases).encode("utf-8")
    try:
        proc = subprocess.run(
            [binary, "normalize"], input=data, capture_output=True, timeout=900
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"cannot run {binary}: {e}"
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip()[-2000:]
        return None, f"{binary} normalize exited {proc.returncode}: {err}"
    return proc.stdout.decode("utf-8", "replace").split("\n")[: len(cases)], ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="path to the ringfence binary")
    ap.add_argument("--count", type=int, default=None,
                    help="number of cases (default: the full generated set)")
    ap.add_argument("--seed", type=int, default=20240917)
    ap.add_argument("--min-e164", type=float, default=99.5)
    ap.add_argument("--min-valid", type=float, default=99.0)
    ap.add_argument("--min-type", type=float, default=97.0)
    ap.add_argument("--samples", type=int, default=15, help="mismatches to print")
    args = ap.parse_args()

    print(f"phonenumbers {phonenumbers.__version__} (libphonenumber port) as oracle")
    cases = generate(args.seed, args.count)
    expected = [expectation(raw, region) for _k, raw, region in cases]
    n = len(cases)
    print(f"cases: {n} (seed {args.seed}), "
          f"{sum(1 for e in expected if e[0] == '-')} unparsable per oracle, "
          f"{sum(1 for e in expected if e[1] == '1')} valid per oracle")

    got_lines, err = run_binary(args.bin, cases)
    if got_lines is None:
        print(f"FAIL: {err}")
        print("oracle: 0 passed, 3 failed")
        return 1
    if len(got_lines) < n or (len(got_lines) == n and got_lines[-1] == "" and n > 0):
        print(f"WARNING: binary wrote fewer lines than the {n} it was given")

    same = [0, 0, 0]
    bad_format = 0
    mismatches = []
    by_kind: collections.Counter[str] = collections.Counter()
    by_pattern: collections.Counter[str] = collections.Counter()
    for i, ((kind, raw, region), exp) in enumerate(zip(cases, expected)):
        line = got_lines[i] if i < len(got_lines) else ""
        got = tuple(line.split("\t"))
        if len(got) != 3:
            bad_format += 1
            got = ("<missing>" if not line else f"<bad:{line}>", "?", "?")
        flags = [exp[j] == got[j] for j in range(3)]
        for j in range(3):
            same[j] += flags[j]
        if not all(flags):
            by_kind["out-of-country" if kind.startswith("from-") else kind] += 1
            if not flags[0]:
                pat = "e164: " + ("oracle unparsable" if exp[0] == "-" else
                                  "ours unparsable" if got[0] == "-" else "different number")
            elif not flags[1]:
                pat = f"valid: oracle {exp[1]} ours {got[1]}"
            else:
                pat = f"type: oracle {exp[2]} ours {got[2]}"
            by_pattern[pat] += 1
            mismatches.append((kind, raw, region, exp, got))
    if bad_format:
        print(f"WARNING: {bad_format} output lines missing or not E164<TAB>VALID<TAB>TYPE")

    pct = [100.0 * s / n if n else 0.0 for s in same]
    labels = ["same E.164", "same validity", "same type"]
    mins = [args.min_e164, args.min_valid, args.min_type]
    passed = failed = 0
    for label, p, s, m in zip(labels, pct, same, mins):
        ok = p >= m
        passed += ok
        failed += not ok
        print(f"{label:14s}: {p:7.3f} % ({s}/{n})  threshold {m} %  {'ok' if ok else 'FAILED'}")

    if mismatches:
        print(f"\n{len(mismatches)} cases differ in at least one field")
        print("by pattern: " + ", ".join(f"{k}={v}" for k, v in by_pattern.most_common()))
        print("by case kind: " + ", ".join(f"{k}={v}" for k, v in by_kind.most_common()))
        print(f"first {min(args.samples, len(mismatches))} mismatches "
              "(kind | raw | region | oracle | ours):")
        # Spread the samples over the patterns rather than showing only the first one.
        shown = 0
        seen_pat: collections.Counter[str] = collections.Counter()
        per_pat = max(1, args.samples // max(1, len(by_pattern)))
        picked = []
        for m in mismatches:
            exp, got = m[3], m[4]
            pat = ("e164" if exp[0] != got[0] else "valid" if exp[1] != got[1] else "type")
            if seen_pat[pat] < per_pat:
                seen_pat[pat] += 1
                picked.append(m)
        for m in mismatches:
            if len(picked) >= args.samples:
                break
            if m not in picked:
                picked.append(m)
        for kind, raw, region, exp, got in picked[: args.samples]:
            shown += 1
            print(f"  {kind} | {raw!r} | {region} | {'/'.join(exp)} | {'/'.join(got)}")

    print(f"oracle: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
