"""The recorded figures a run is validated against, and how the model can produce each of them.

Three files in ``model/data/sources/`` hold the counts (see its ``README.md``): ``transit_by_country.csv``
(entries, registrations and crossings by country, for a day or a period, some cumulative since
1 January 2015), ``post_closure.csv`` (people stranded or present on a date after the March 2016
closure, readmissions, prices) and ``branches_2016_2018.csv`` (the branch countries Albania,
Montenegro, Bosnia and Herzegovina and Kosovo, and the corridor's later counts and prices).
``read_observations`` puts them in one long table; ``classify`` says for each row which simulated
quantity it is compared with, summed over a period, averaged over it or read on a date, or why it is
skipped, and which ``group`` of the metrics it belongs to; ``resolve_windows`` fits the comparison
windows to a run's dates, turning a cumulative count that starts before the run into the increment
between two observations inside it.

A value given as a range (``2000-5000``) is read as a bound pair: ``observed_low`` and
``observed_high``, with ``bound`` "range" and ``observed`` their midpoint. A simulated value inside
the range is no error; outside, the error is the relative distance to the nearer end
(``validation.relative_error``).
"""

from pathlib import Path

import pandas as pd

from analysis.branch_rules import BRANCH_COUNTRIES, rule_for_branch_row
from analysis.corridor_rules import rule_for
from analysis.observation_rules import LOWER, POINT, RANGE, SKIP, UPPER, bound_of
from analysis.price_routes import PRICE_MEASURE

SOURCES_DIR = Path(__file__).parents[1] / "model" / "data" / "sources"
CORRIDOR_FILES = ("transit_by_country.csv", "post_closure.csv")
BRANCHES_FILE = "branches_2016_2018.csv"
# figures for 2016 found after the shared data set was made (same columns as BRANCHES_FILE, each row
# with its quote and source): Idomeni at its evacuation, Bulgaria's exits and its centres
ADDED_FILE = "added_2016.csv"
FILES = (*CORRIDOR_FILES, BRANCHES_FILE)
# the metrics' groups: the corridor's counts (what calibration fits), the branch countries, the third
# file's other countries (2016-2017, and 2018 counts the model is to predict), and smuggling prices
CORRIDOR, BRANCHES, LATER, PRICES, ADDED = "corridor", "branches", "later", "prices", "added"
# figures a user gives on the command line (``validate --observations FILE``), in BRANCHES_FILE's columns
GIVEN = "given"
GIVEN_PREFIX = "given:"
GROUPS = (CORRIDOR, BRANCHES, LATER, PRICES, ADDED, GIVEN)
GIVEN_COLUMNS = ("country", "place", "period_start", "period_end", "measure", "value")


class GivenFileError(ValueError):
    """A user's file of figures (``given``) that cannot be read; the message names the file."""


# Counts after 2017 (arrivals, people present) are what the model is to predict: never fitted.
FIT_LIMIT = pd.Timestamp("2017-12-31")
_SIGN = {LOWER: 1, POINT: 0, UPPER: -1}
_RANGE = r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$"


def _long(file: str, frame: pd.DataFrame, **columns) -> pd.DataFrame:
    """One source file in the long table's columns (``columns`` name the file's own for each)."""
    out = pd.DataFrame({"source_file": file, "row": range(1, len(frame) + 1)})
    for name, column in columns.items():
        out[name] = frame[column].to_numpy()
    return out


def read_observations(sources_dir: str | Path = SOURCES_DIR, given: tuple[str | Path, ...] = ()) -> pd.DataFrame:
    """The files in one table: ``source_file, row, country_or_place, measure, period_start, period_end,
    observed, confidence, note, bound, country, place, observed_low, observed_high`` (a dated figure
    has the same start and end; ``bound`` says whether the source gave it as a lower or upper bound,
    see :func:`bound_of`, or as a range). ``branches_2016_2018.csv`` is read when the folder has it, and
    each file of ``given`` (a user's figures, in its columns) as group ``given``."""
    sources_dir = Path(sources_dir)

    def read(name):
        return pd.read_csv(sources_dir / name, dtype=str, keep_default_na=False)

    transit, post = read(CORRIDOR_FILES[0]), read(CORRIDOR_FILES[1])
    common = {"measure": "measure", "period_start": "period_start", "period_end": "period_end"}
    frames = [
        _long(
            CORRIDOR_FILES[0], transit, country_or_place="country", **common, observed="value",
            confidence="confidence", note="note", country="country", place="country",
        ),
        _long(
            CORRIDOR_FILES[1], post, country_or_place="location", measure="metric", period_start="date",
            period_end="date", observed="value", confidence="confidence", note="note", country="location",
            place="location",
        ),
    ]  # fmt: skip
    named = [(name, sources_dir / name) for name in (BRANCHES_FILE, ADDED_FILE) if (sources_dir / name).is_file()]
    for path in given:
        named.append((GIVEN_PREFIX + Path(path).name, Path(path)))
    for name, path in named:
        error = GivenFileError if name.startswith(GIVEN_PREFIX) else ValueError
        try:
            rows = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (ValueError, UnicodeDecodeError) as exc:  # pandas' parser errors are ValueErrors
            raise error(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None
        missing = [c for c in GIVEN_COLUMNS if c not in rows]
        if missing:
            expected = f"{', '.join(GIVEN_COLUMNS)}, as in {BRANCHES_FILE}"
            raise error(f"{path}: no column {missing[0]!r} (expected {expected})")
        for column in ("confidence", "quote"):
            if column not in rows:
                rows[column] = ""
        national = rows.place.isin(("", "national"))
        rows["label"] = rows.country.where(national, rows.country + " (" + rows.place + ")")
        frames.append(
            _long(
                name, rows, country_or_place="label", **common, observed="value",
                confidence="confidence", note="quote", country="country", place="place",
            )
        )  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    values = out.observed.str.replace(",", "")
    ends = values.str.extract(_RANGE).astype(float)
    out["observed"] = pd.to_numeric(values, errors="coerce").fillna(ends.mean(axis=1))
    out["bound"] = out.note.map(bound_of).where(ends[0].isna(), RANGE)
    out["observed_low"], out["observed_high"] = ends[0], ends[1]
    for col in ("period_start", "period_end"):
        out[col] = pd.to_datetime(out[col].replace("", None), errors="coerce")
    return out


def fitted_observations(obs: pd.DataFrame, fit_until=None) -> pd.DataFrame:
    """The observations a calibration may fit: those whose period ends on or before ``fit_until``, and
    never after ``FIT_LIMIT`` (later counts are predictions). Rows with no end date stay: the
    comparison skips them with the reason."""
    until = FIT_LIMIT if fit_until is None else min(pd.Timestamp(fit_until), FIT_LIMIT)
    return obs[~(obs.period_end > until)]


def group_of(source_file: str, country: str, measure: str) -> str:
    """The metrics' group of a row: ``given`` for a user's file, ``prices`` for smuggling prices, else
    ``corridor`` for the two corridor files, ``branches`` for the branch countries of the third and
    ``later`` for its other rows."""
    if source_file.startswith(GIVEN_PREFIX):
        return GIVEN
    if measure.startswith(PRICE_MEASURE):
        return PRICES
    if source_file == ADDED_FILE:
        return ADDED
    if source_file != BRANCHES_FILE:
        return CORRIDOR
    return BRANCHES if country in BRANCH_COUNTRIES else LATER


def increment_bound(row_bound: str, base_bound: str) -> str:
    """The bound of ``row - base``: over X minus a point is over; a point minus over X is under; over
    minus over says nothing either way (a point, compared as such)."""
    sign = max(-1, min(1, _SIGN[row_bound] - _SIGN[base_bound]))
    return {1: LOWER, 0: POINT, -1: UPPER}[sign]


def _rule(source_file: str, country: str, place: str, measure: str):
    if source_file in (BRANCHES_FILE, ADDED_FILE) or source_file.startswith(GIVEN_PREFIX):
        return rule_for_branch_row(country, place, measure)
    return rule_for(place, measure)


def classify(obs: pd.DataFrame) -> pd.DataFrame:
    """``obs`` with each row's rule: ``status`` (compared, forcing_check, skipped), ``kind``, ``rule``,
    ``reason`` and ``group``. A rule that reads a range or a point as a bound (``Rule.bound``) sets
    ``bound``, and ``observed`` to the range's end it keeps."""
    out = obs.copy()
    for col, default in (("bound", POINT), ("observed_low", float("nan")), ("observed_high", float("nan"))):
        if col not in out:
            out[col] = default
    country = out.country if "country" in out else out.country_or_place
    place = out.place if "place" in out else out.country_or_place
    rows = zip(out.source_file, country, place, out.measure, strict=True)
    rules = [_rule(*row) for row in rows]
    out["rule"] = rules
    out["status"] = [r.status for r in rules]
    out["kind"] = [r.kind for r in rules]
    out["reason"] = [r.note for r in rules]
    out["group"] = [group_of(f, c, m) for f, c, m in zip(out.source_file, country, out.measure, strict=True)]
    read_as = pd.Series([r.bound for r in rules], index=out.index)
    # the source's own wording ("over X") wins over the rule's reading
    override = (read_as != POINT) & out.bound.isin((POINT, RANGE))
    ranged = override & (out.bound == RANGE)
    out.loc[ranged & (read_as == UPPER), "observed"] = out.observed_high
    out.loc[ranged & (read_as == LOWER), "observed"] = out.observed_low
    out.loc[override, "bound"] = read_as[override]
    return out


def _is_cumulative(measure: str) -> bool:
    return "cumulative" in measure


def resolve_windows(classified: pd.DataFrame, start, end) -> pd.DataFrame:
    """Fit each rule to a run from ``start`` to ``end``: the window ``sim_start``..``sim_end`` (inclusive)
    summed, averaged or read, and the ``value_compared`` (an increment where a cumulative count starts before
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
        if rule.kind == "mean" and first < start:
            out.loc[i, ["status", "reason"]] = [
                SKIP,
                f"averaged from {first.date()}, before the run starts ({start.date()}); {rule.note}",
            ]
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
