"""Recorded forcing: daily arrivals in Greece and who arrives (nationality, household).

Monthly sea arrivals (``data/greece_arrivals_monthly.csv``, each month's figure traced to the source
rows shipped in ``data/sources/``) are spread evenly over the month's days, except the days whose own
count the record gives (``data/greece_arrivals_daily.csv``): those keep their figure and the rest of
the month shares what is left. Counts become agents by
error diffusion, so the total over any month is the recorded figure divided by ``people_per_agent``
to within one agent, and the same every run.
"""

import csv
from datetime import date, timedelta
from functools import cache

import numpy as np

from model.enums import NATIONALITY_NAMES
from model.graph_data import DATA_DIR

NATIONALITY_COLUMNS = NATIONALITY_NAMES
HOUSEHOLD_COLUMNS = ("single_adult", "family", "uam")


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def monthly_arrivals() -> dict[str, int]:
    """Recorded sea arrivals in Greece by month ("YYYY-MM")."""
    with open(DATA_DIR / "greece_arrivals_monthly.csv", encoding="utf-8") as f:
        return {row["month"]: int(row["arrivals"]) for row in csv.DictReader(f)}


def daily_arrivals() -> dict[date, int]:
    """Recorded sea arrivals in Greece on the days a source counted them."""
    with open(DATA_DIR / "greece_arrivals_daily.csv", encoding="utf-8") as f:
        return {date.fromisoformat(row["date"]): int(row["arrivals"]) for row in csv.DictReader(f)}


@cache
def recorded_span() -> tuple[date, date]:
    """The first and last day of the months whose sea arrivals are recorded: the period a run may cover."""
    months = sorted(monthly_arrivals())
    first = date.fromisoformat(f"{months[0]}-01")
    year, month = map(int, months[-1].split("-"))
    return first, date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _days_in_month(day: date) -> int:
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (next_month - date(day.year, day.month, 1)).days


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def daily_people(start: date, end: date) -> np.ndarray:
    """Sea arrivals in Greece per simulated day (people, fractional), from the monthly and daily record."""
    months = monthly_arrivals()
    counted = daily_arrivals()
    counted_in_month: dict[str, list[int]] = {}
    for day, people in counted.items():
        counted_in_month.setdefault(_month_key(day), []).append(people)
    out = np.zeros((end - start).days + 1)
    for i, day in enumerate(_days(start, end)):
        key = _month_key(day)
        if key not in months:
            raise ValueError(
                f"model/data/greece_arrivals_monthly.csv has no arrivals for {key}; "
                f"the period must lie within {min(months)} to {max(months)}"
            )
        if day in counted:
            out[i] = counted[day]
            continue
        days_left = _days_in_month(day) - len(counted_in_month.get(key, []))
        left = months[key] - sum(counted_in_month.get(key, []))
        if left < 0:
            raise ValueError(
                f"model/data/greece_arrivals_daily.csv: the days of {key} add up to more than the month's "
                f"{months[key]} in greece_arrivals_monthly.csv"
            )
        out[i] = left / days_left
    return out


def monthly_file(name: str) -> dict[str, int]:
    """A monthly series in ``data/<name>`` (columns month "YYYY-MM" and arrivals); empty if the file is absent."""
    path = DATA_DIR / name
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        return {row["month"]: int(row["arrivals"]) for row in csv.DictReader(f)}


def spread_monthly(months: dict[str, int], start: date, end: date) -> np.ndarray:
    """People per day from a monthly series, each month's count spread evenly over its days; 0 on days of
    months the series does not cover."""
    out = np.zeros((end - start).days + 1)
    for i, day in enumerate(_days(start, end)):
        count = months.get(_month_key(day))
        if count is not None:
            out[i] = count / _days_in_month(day)
    return out


def covered(months: dict[str, int], start: date, end: date) -> np.ndarray:
    """Per day from ``start`` to ``end``: whether the monthly series covers its month."""
    return np.array([_month_key(day) in months for day in _days(start, end)])


def people_to_agents(people: np.ndarray, people_per_agent: int) -> np.ndarray:
    """Whole agents per day whose running total tracks ``people / people_per_agent`` (error diffusion)."""
    # the tolerance absorbs float rounding in the running sum (a month of 211,000 is 30 x 7,033.33...)
    cumulative = np.floor(np.cumsum(people) / people_per_agent + 1e-6).astype(np.int64)
    return np.diff(cumulative, prepend=0)


def composition(start: date, end: date) -> tuple[np.ndarray, np.ndarray]:
    """Per day, the shares of nationality groups (days x groups) and household types (days x 3)."""
    with open(DATA_DIR / "composition_schedule.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = [c for c in (*NATIONALITY_COLUMNS, *HOUSEHOLD_COLUMNS) if c not in rows[0]]
    if missing:
        raise ValueError(f"model/data/composition_schedule.csv: no column {missing[0]!r} (one per group is needed)")
    days = _days(start, end)
    nat = np.zeros((len(days), len(NATIONALITY_COLUMNS)))
    hh = np.zeros((len(days), len(HOUSEHOLD_COLUMNS)))
    for i, day in enumerate(days):
        row = next(
            (r for r in rows if date.fromisoformat(r["period_start"]) <= day <= date.fromisoformat(r["period_end"])),
            rows[-1] if day > date.fromisoformat(rows[-1]["period_end"]) else rows[0],
        )
        nat[i] = [float(row[c]) for c in NATIONALITY_COLUMNS]
        hh[i] = [float(row[c]) for c in HOUSEHOLD_COLUMNS]
    return nat / nat.sum(axis=1, keepdims=True), hh / hh.sum(axis=1, keepdims=True)
