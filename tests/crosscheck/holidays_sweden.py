#!/usr/bin/env python3
"""Cross-check Justera's calendar against an independent implementation.

Every non-workday 1990-2100 from `justera holidays YEAR --json` (plus ordinary Saturdays and
Sundays) must equal the PyPI `holidays` package's Sweden calendar plus every
Sunday, every Saturday and the three "afton" days of Lag (1930:173) 2 §: midsommarafton (the Friday
19-25 June), julafton (24/12) and nyårsafton (31/12). The named public holidays must fall on the
same dates too.

Usage: holidays_sweden.py PATH-TO-JUSTERA [FIRST LAST]
Exit 0 when everything matches, 1 on a mismatch, 3 when the `holidays` package is missing.
"""
import datetime as dt
import json
import subprocess
import sys

try:
    import holidays  # type: ignore
except ImportError:
    print("the PyPI package 'holidays' is not installed", file=sys.stderr)
    sys.exit(3)

# Justera's kinds against the package's English names (Lag 1989:253).
NAMES = {
    "new_years_day": "New Year's Day",
    "epiphany": "Epiphany",
    "good_friday": "Good Friday",
    "easter_sunday": "Easter Sunday",
    "easter_monday": "Easter Monday",
    "may_day": "May Day",
    "ascension_day": "Ascension Day",
    "pentecost": "Pentecost",
    "whit_monday": "Pentecost Monday",
    "national_day": "National Day",
    "midsummer_day": "Midsummer Day",
    "all_saints_day": "All Saints' Day",
    "christmas_day": "Christmas Day",
    "boxing_day": "Second Day of Christmas",
}
AFTON = {"midsummer_eve", "christmas_eve", "new_years_eve"}


def independent(year):
    days = set()
    se = holidays.Sweden(years=year, include_sundays=False)
    days.update(se.keys())
    d = dt.date(year, 1, 1)
    while d.year == year:
        if d.weekday() >= 5:  # every Saturday (1930:173) and every Sunday (1989:253)
            days.add(d)
        d += dt.timedelta(days=1)
    days.add(dt.date(year, 12, 24))
    days.add(dt.date(year, 12, 31))
    for day in range(19, 26):
        d = dt.date(year, 6, day)
        if d.weekday() == 4:
            days.add(d)
    return days, se


def justera(binary, year):
    out = subprocess.run([binary, "holidays", str(year), "--json"], check=True,
                         capture_output=True, text=True).stdout
    named = json.loads(out)
    days = {dt.date.fromisoformat(n["date"]) for n in named}
    d = dt.date(year, 1, 1)
    while d.year == year:
        if d.weekday() >= 5:
            days.add(d)
        d += dt.timedelta(days=1)
    return days, named


def main():
    binary = sys.argv[1]
    first, last = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (1990, 2100)
    problems = []
    checked = 0
    for year in range(first, last + 1):
        ours, named = justera(binary, year)
        theirs, se = independent(year)
        for d in sorted(ours - theirs):
            problems.append(f"{d}: Justera says non-workday, independent says workday")
        for d in sorted(theirs - ours):
            problems.append(f"{d}: independent says non-workday ({se.get(d)}), Justera says workday")
        for n in named:
            kind = n["kind"]
            if kind in AFTON:
                continue
            d = dt.date.fromisoformat(n["date"])
            theirs_name = se.get(d) or ""
            if NAMES[kind] not in theirs_name.split("; ") and not (
                kind in ("easter_sunday", "pentecost") and d.weekday() == 6
            ):
                problems.append(f"{d}: Justera {kind}, independent '{theirs_name}'")
        checked += len(ours)
    if problems:
        print("\n".join(problems[:50]))
        print(f"{len(problems)} mismatches")
        sys.exit(1)
    print(f"holiday cross-check {first}-{last}: {checked} non-workdays agree")


if __name__ == "__main__":
    main()
