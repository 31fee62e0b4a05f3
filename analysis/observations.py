"""The recorded figures a run is validated against, and how the model can produce each of them.

Two files in ``model/data/sources/`` hold the counts (see its ``README.md``): ``transit_by_country.csv``
(entries, registrations and crossings by country, for a day or a period, some cumulative since
1 January 2015) and ``post_closure.csv`` (people stranded or present on a date after the March 2016
closure, readmissions, prices). ``read_observations`` puts both in one long table; ``classify``
says for each row which simulated quantity it is compared with, summed over a period or read on a
date, or why it is skipped; ``resolve_windows`` fits the comparison windows to a run's dates, turning
a cumulative count that starts before the run into the increment between two observations inside it.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SOURCES_DIR = Path(__file__).parents[1] / "model" / "data" / "sources"
FILES = ("transit_by_country.csv", "post_closure.csv")
COUNTRY_CODES = {
    "Greece": "GR",
    "North Macedonia": "MK",
    "Serbia": "RS",
    "Hungary": "HU",
    "Croatia": "HR",
    "Slovenia": "SI",
    "Austria": "AT",
    "Bulgaria": "BG",
}
# IOM's Displacement Tracking Matrix counted "stranded in Greece and the Western Balkans" in these.
GREECE_AND_WESTERN_BALKANS = ("GR", "MK", "RS", "HR", "SI")
MK_TO_RS_BORDERS = ("Tabanovce-Miratovac", "Lojane-Miratovac")

COMPARE, FORCING, SKIP = "compared", "forcing_check", "skipped"
# A figure quoted as "over X" says only that the count was at least X; "up to X", at most X.
LOWER, POINT, UPPER = "lower", "", "upper"
_SIGN = {LOWER: 1, POINT: 0, UPPER: -1}
_BOUND_WORDS = ((LOWER, re.compile(r'^"(over|more than|at least)\b')), (UPPER, re.compile(r'^"(up to|at most)\b')))
UNDERCOUNT = (
    "registration undercounted transits (MPC: about half were registered in North Macedonia in summer "
    "2015): compared with the model's registered entries (registration_share_early before "
    "full_registration_from)"
)


@dataclass(frozen=True)
class Term:
    """One simulated series: ``table``'s ``column`` for one key (a country, a border or the day)."""

    table: str  # countries | borders | statuses
    column: str
    key: str = ""
    sign: int = 1


@dataclass(frozen=True)
class Rule:
    """How a measure is simulated: the terms summed, summed over the period or read on the date."""

    terms: tuple[Term, ...] | None  # None: skipped, whatever the place
    kind: str  # "sum": daily flows summed over the period; "level": a stock read on the date
    note: str
    status: str = COMPARE
    series: str = ""  # cumulative counts of one series can be compared as increments
    since_year_start: bool = False  # "year to date": summed from 1 January of the date's year
    whole_month: bool = False  # a month's total dated on its last day


def _entries(code: str, registered: bool = False) -> tuple[Term, ...]:
    # Only people crossing at an official point can be registered, and in 2015 not all of them were.
    return (Term("countries", "registered" if registered else "entered", code),)


def _skip(note: str) -> Rule:
    return Rule(None, "", note, SKIP)


def rule_for(place: str, measure: str) -> Rule:
    """The simulated counterpart of ``measure`` recorded at ``place`` (a country name or a place label)."""
    code = COUNTRY_CODES.get(place, "")
    registered = _entries(code, registered=True)
    rules = {
        "registered_intent_to_seek_asylum": Rule(registered, "sum", f"regular entries; {UNDERCOUNT}"),
        "transits_approx": Rule(_entries(code), "sum", "all entries; 'over 62,500' is a rounded lower bound"),
        "cumulative_certificates": Rule(registered, "sum", f"regular entries since the start date; {UNDERCOUNT}"),
        "daily_crossings_GR_to_MK": Rule(
            (Term("borders", "crossings", "Idomeni-Gevgelija"),),
            "sum",
            "regular crossings at Idomeni-Gevgelija on the day (counted by IOM staff at the border)",
        ),
        "daily_certificates": Rule(registered, "sum", "regular entries on the day (certificates issued)"),
        "two_week_crossings_SIA": Rule(
            registered, "sum", "regular entries; after the 19 Nov 2015 filter only Syrians, Iraqis, Afghans pass"
        ),
        "monthly_arrivals": Rule(_entries(code), "sum", "all entries over the month (UNHCR arrivals)"),
        "cumulative_intent_to_seek_asylum": Rule(
            registered,
            "sum",
            "in 2015 Serbia registered people in transit as intending to seek asylum: regular entries; " + UNDERCOUNT,
            series="Serbia registrations since 1 Jan 2015",
        ),
        "cumulative_registered": Rule(
            registered,
            "sum",
            f"regular entries (MoI registrations); {UNDERCOUNT}",
            series="Serbia registrations since 1 Jan 2015",
        ),
        "daily_registrations": Rule(registered, "sum", "regular entries on the day"),
        "arrivals_from_MK": Rule(
            tuple(Term("borders", "crossings", b) for b in MK_TO_RS_BORDERS),
            "sum",
            "regular crossings from North Macedonia into Serbia (UNHCR count at Preševo)",
        ),
        "intercepted_from_Serbia_approx": Rule(
            _entries("HU"), "sum", "all entries into Hungary (apprehensions count smuggled people too)"
        ),
        "cumulative_land_arrivals": Rule(
            _entries("BG"),
            "sum",
            "all entries into Bulgaria; this figure sets bulgaria_land_arrivals_per_day, so it is not an "
            "independent test",
        ),
        "quarterly_arrivals": Rule(
            _entries(code),
            "sum",
            "all entries into Bulgaria (land arrivals come at the constant rate bulgaria_land_arrivals_per_day)",
        ),
        "quarterly_irregular_crossings": Rule(
            _entries("GR") + _entries("BG"),
            "sum",
            "entries into Greece and Bulgaria; the model's inflow is forced from recorded Greek sea arrivals and "
            "a constant Bulgarian land rate, so this checks the forcing against Frontex, not the model; "
            "not in the metrics",
            FORCING,
        ),
        "stranded_at_border": Rule(
            (Term("borders", "stranded", "Idomeni-Gevgelija"), Term("borders", "queue", "Idomeni-Gevgelija")),
            "level",
            "people refused at Idomeni-Gevgelija and still waiting there, plus its queue",
        ),
        "remaining_in_camps": Rule(
            (Term("countries", "present", "GR"),),
            "level",
            "people present in Greece (after the 9 Mar 2016 closure all of them are held there)",
        ),
        "stranded_total": Rule(
            tuple(Term("countries", "present", c) for c in GREECE_AND_WESTERN_BALKANS),
            "level",
            "people present in GR, MK, RS, HR and SI, which IOM's DTM counted as stranded after the closure "
            "(the model's 'stranded' is narrower: refused and waiting)",
        ),
        "present_in_country": Rule(
            (Term("countries", "present", code),),
            "level",
            "people present in the country, including those who claimed asylum there",
        ),
        "asylum_intentions_ytd": Rule(
            (Term("countries", "asylum_claims", code),),
            "sum",
            "asylum claims since 1 Jan of the year: in 2016 Serbia no longer registered transits as asylum "
            "intentions (5,896 by July against >100,000 transits), so these are people who stopped",
            since_year_start=True,
        ),
        "readmitted_total": Rule(
            (Term("statuses", "returned"),),
            "level",
            "people returned to Turkey under the EU-Turkey statement, cumulative",
        ),
        "sea_arrivals_Dec2016": Rule(
            _entries("GR"),
            "sum",
            "entries into Greece in Dec 2016: the inflow is forced from this very figure, so this checks the "
            "forcing; not in the metrics",
            FORCING,
            whole_month=True,
        ),
        "smuggling_incident": _skip("a single dated incident, not a count the model produces"),
        "smuggling_price_EUR_to_Belgrade": _skip("smuggling prices are a model input (migrants.smuggler_price_eur)"),
        "smuggling_price_EUR": _skip("smuggling prices are a model input (migrants.smuggler_price_eur)"),
        "arrivals_Q3_vs_Q2_pct_change": _skip("derived from the two quarterly Bulgarian figures compared already"),
    }
    if place == "GR-MK border" and measure == "stranded_at_border":
        # The source's own note: "likely Greece-wide"; 36,000 is the Greek government's count in Greece.
        return Rule(
            (Term("countries", "present", "GR"),),
            "level",
            "'stuck at the GR-MK border', likely Greece-wide (source note): people present in Greece",
        )
    rule = rules.get(measure)
    if rule is None:
        return _skip(f"no rule for measure '{measure}': the model has no output defined for it")
    if rule.terms is not None and any(t.key == "" and t.table != "statuses" for t in rule.terms):
        return _skip(f"place '{place}' is not a country of the model")
    return rule


def read_observations(sources_dir: str | Path = SOURCES_DIR) -> pd.DataFrame:
    """Both files in one table: ``source_file, row, country_or_place, measure, period_start, period_end,
    observed, confidence, note, bound`` (a dated figure has the same start and end; ``bound`` says
    whether the source gave it as a lower or upper bound, see :func:`bound_of`)."""
    sources_dir = Path(sources_dir)
    transit = pd.read_csv(sources_dir / FILES[0], dtype=str, keep_default_na=False)
    post = pd.read_csv(sources_dir / FILES[1], dtype=str, keep_default_na=False)
    frames = [
        pd.DataFrame(
            {
                "source_file": FILES[0],
                "row": range(1, len(transit) + 1),
                "country_or_place": transit.country,
                "measure": transit.measure,
                "period_start": transit.period_start,
                "period_end": transit.period_end,
                "observed": transit.value,
                "confidence": transit.confidence,
                "note": transit.note,
            }
        ),
        pd.DataFrame(
            {
                "source_file": FILES[1],
                "row": range(1, len(post) + 1),
                "country_or_place": post.location,
                "measure": post.metric,
                "period_start": post.date,
                "period_end": post.date,
                "observed": post.value,
                "confidence": post.confidence,
                "note": post.note,
            }
        ),
    ]
    out = pd.concat(frames, ignore_index=True)
    out["observed"] = pd.to_numeric(out.observed.str.replace(",", ""), errors="coerce")
    out["bound"] = out.note.map(bound_of)
    for col in ("period_start", "period_end"):
        out[col] = pd.to_datetime(out[col].replace("", None), errors="coerce")
    return out


def bound_of(note: str) -> str:
    """``lower`` for a figure the source quotes as "over X" or "more than X", ``upper`` for "up to X",
    else ``""`` (a point value)."""
    for bound, words in _BOUND_WORDS:
        if words.match(note.strip()):
            return bound
    return POINT


def increment_bound(row_bound: str, base_bound: str) -> str:
    """The bound of ``row - base``: over X minus a point is over; a point minus over X is under; over
    minus over says nothing either way (a point, compared as such)."""
    sign = max(-1, min(1, _SIGN[row_bound] - _SIGN[base_bound]))
    return {1: LOWER, 0: POINT, -1: UPPER}[sign]


def classify(obs: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with each row's rule: ``status`` (compared, forcing_check, skipped), ``kind``, ``rule``, ``reason``."""
    out = obs.copy()
    if "bound" not in out:
        out["bound"] = POINT
    rules = [rule_for(p, m) for p, m in zip(out.country_or_place, out.measure, strict=True)]
    out["rule"] = rules
    out["status"] = [r.status for r in rules]
    out["kind"] = [r.kind for r in rules]
    out["reason"] = [r.note for r in rules]
    return out


def _is_cumulative(measure: str) -> bool:
    return "cumulative" in measure


def resolve_windows(classified: pd.DataFrame, start, end) -> pd.DataFrame:
    """Fit each rule to a run from ``start`` to ``end``: the window ``sim_start``..``sim_end`` (inclusive)
    summed or read, and the ``value_compared`` (an increment where a cumulative count starts before
    the run). Rows that cannot be fitted become skipped, with the reason."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    out = classified.copy()
    out["sim_start"], out["sim_end"] = pd.NaT, pd.NaT
    out["value_compared"] = out.observed.astype(float)
    out["period"] = ""
    day = pd.Timedelta(days=1)
    bases = {}
    for i, row in out.iterrows():
        rule = row.rule
        if row.status == SKIP:
            continue
        first, last = row.period_start, row.period_end
        if pd.isna(last):
            out.loc[i, ["status", "reason"]] = [SKIP, f"end date not given in the source; {rule.note}"]
            continue
        if rule.whole_month:
            first = last.replace(day=1)
        if rule.since_year_start:
            first = last.replace(month=1, day=1)
        if rule.kind == "level":
            first = last
        out.loc[i, "period"] = f"{first.date()}" if first == last else f"{first.date()}..{last.date()}"
        if last > end or last < start:
            out.loc[i, ["status", "reason"]] = [SKIP, f"outside the run ({start.date()}..{end.date()}); {rule.note}"]
            continue
        if rule.kind == "sum" and first < start:
            base = _baseline(out, row, start) if _is_cumulative(row.measure) and rule.series else None
            if base is None:
                out.loc[i, ["status", "reason"]] = [
                    SKIP,
                    f"counted from {first.date()}, before the run starts ({start.date()}), and no earlier "
                    f"observation of the same series inside the run to take the increment from; {rule.note}",
                ]
                continue
            first = base.period_end + day
            bases[base.name] = row.period_end
            out.loc[i, "value_compared"] = row.observed - base.observed
            out.loc[i, "bound"] = increment_bound(row.bound, base.bound)
            out.loc[i, "period"] = f"{first.date()}..{last.date()}"
            out.loc[i, "reason"] = (
                f"increment since the {base.period_end.date()} figure ({base.observed:,.0f}) of a count that "
                f"starts {row.period_start.date()}, before the run; {rule.note}"
            )
        out.loc[i, ["sim_start", "sim_end"]] = [first, last]
    for i, until in bases.items():
        if out.loc[i, "status"] == SKIP:
            out.loc[i, "reason"] += f"; used as the base of the increment to {until.date()}"
    return out


def _baseline(out: pd.DataFrame, row, start):
    """The latest earlier figure of the same cumulative series dated inside the run (or the day before it)."""
    same = out[
        out.rule.map(lambda r: r.series == row.rule.series)
        & (out.period_start == row.period_start)
        & (out.period_end < row.period_end)
        & (out.period_end >= start - pd.Timedelta(days=1))
    ]
    return None if same.empty else same.sort_values("period_end").iloc[-1]
