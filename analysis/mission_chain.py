"""How each OSCE mission met the flow, as weekly series on one time axis: the people entering its
host countries, its monitoring visits and posture, its perceived risk, its courses, and the chances
of detecting a smuggled crossing and of identifying a victim at its border points.

A mission covers the border points with a side in one of its host countries (as
``model.mission.Mission.hosts`` does). Every series here is built from the tables a run writes,
each with a ``run_id`` column, and is held *wide* (one row per week, one column per run), so one
run's figure and a comparison's bands read the same numbers. Columns an older run did not write
(``crossed_alone``, ``smuggling_price_eur``, the chances, ``trainings.csv``) are left out, not
guessed.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from model.graph_data import country_of_place, read_edges
from model.mission_specs import default_missions

# the daily flow through a border point: everyone who got across, by any means
CROSSED = ("crossings", "smuggled", "crossed_alone")


@dataclass(frozen=True)
class MissionScope:
    """What a mission covers and what its posture answered to, from its run's ``scenario.json``."""

    mission: str
    name: str
    countries: tuple[str, ...]  # host countries, the lead one first
    borders: tuple[str, ...]  # border points with a side in a host country
    internal: tuple[str, ...]  # those between two host countries: a crossing there enters no new host
    focal_point_from: date | None = None
    proactive_threshold: float | None = None  # with a focal point; times no_focal_point_factor without
    relax_threshold: float | None = None  # below it a proactive mission returns to business as usual
    no_focal_point_factor: float = 1.0
    can_monitor: bool = True  # its mandate lets it monitor border points (Kosovo's does not)
    can_train: bool = True

    @property
    def label(self) -> str:
        return "+".join(self.countries) or "no host country"


def border_sides() -> dict[str, tuple[str, str]]:
    """Each border point of the bundled route graph: (country it leaves, country it enters)."""
    country = country_of_place()
    return {e["border"]: (country[e["from"]], country[e["to"]]) for e in read_edges() if e["border"]}


def _specs(scenario: dict | None) -> dict[str, dict]:
    specs = ((scenario or {}).get("parameters") or {}).get("missions", {}).get("specs")
    if not isinstance(specs, dict) or not specs:  # a run that kept no scenario: the six of 2015-16
        return {mid: spec.model_dump(mode="json") for mid, spec in default_missions().items()}
    return specs


def _focal_point_from(spec: dict, events: list[dict], mission: str) -> date | None:
    days = [
        date.fromisoformat(str(e["date"]))
        for e in events
        if e.get("type") == "focal_point" and e.get("mission") == mission
    ]
    if spec.get("focal_point_since"):
        days.append(date.fromisoformat(str(spec["focal_point_since"])))
    return min(days, default=None)


def mission_scopes(scenario: dict | None, missions: list[str], sides: dict | None = None) -> dict[str, MissionScope]:
    """The scope of each mission in ``missions`` (in that order). A mission the scenario does not
    describe covers no country; one with no ``scenario.json`` gets the default six's."""
    specs, sides = _specs(scenario), sides if sides is not None else border_sides()
    rules = ((scenario or {}).get("parameters") or {}).get("missions", {})
    events = (scenario or {}).get("events") or []
    out = {}
    for mid in missions:
        spec = specs.get(mid) or {}
        hosts = tuple(spec.get("countries") or ([spec["country"]] if spec.get("country") else []))
        borders = tuple(b for b, (a, z) in sides.items() if a in hosts or z in hosts)
        out[mid] = MissionScope(
            mission=mid,
            name=spec.get("name") or mid,
            countries=hosts,
            borders=borders,
            internal=tuple(b for b in borders if sides[b][0] in hosts and sides[b][1] in hosts),
            focal_point_from=_focal_point_from(spec, events, mid),
            proactive_threshold=rules.get("proactive_threshold"),
            relax_threshold=rules.get("relax_threshold"),
            no_focal_point_factor=float(rules.get("no_focal_point_factor", 1.0)),
            can_monitor=bool(spec.get("can_monitor_borders", True)),
            can_train=bool(spec.get("can_train_police", True)),
        )
    return out


# --- wide weekly series ---------------------------------------------------------------------------


def weeks_of(dates: pd.Series) -> pd.DatetimeIndex:
    """The weeks (ending on Sunday, as ``analysis.bands.weekly_by_run``) the dates fall in."""
    days = pd.DatetimeIndex(pd.to_datetime(dates).unique()).sort_values()
    return pd.Series(0, index=days).resample("W").sum().index


def _weekly(frame: pd.DataFrame, value: str, runs: list[str], weeks: pd.DatetimeIndex, how="sum", day="sum"):
    """``value`` per week and run, summed (``how``) or averaged over the week's days, after summing
    (``day``) or averaging a day's rows (several places); a run without rows is 0."""
    if frame.empty or value not in frame:
        return pd.DataFrame(0.0, index=weeks, columns=runs)
    daily = frame.pivot_table(index="date", columns="run_id", values=value, aggfunc=day, observed=True)
    weekly = daily.resample("W").sum() if how == "sum" else daily.resample("W").mean()
    return weekly.reindex(index=weeks, columns=runs).fillna(0.0)


def flow_into(tables: dict, scope: MissionScope, runs: list[str], weeks) -> dict[str, pd.DataFrame]:
    """People entering the host countries per week from outside them (``entered``), split into
    ``regular``, ``smuggled`` and ``alone`` (crossed a closed border without a smuggler: runs before
    it was recorded have none), and ``stranded`` there (weekly mean of the daily count)."""
    c, b = tables["countries"], tables["borders"]
    here = c[c.country.isin(scope.countries)]
    inside = b[b.border.isin(scope.internal)]  # a move between two host countries enters no new one
    moved = [col for col in CROSSED if col in b]
    out = {
        "entered": _weekly(here, "entered", runs, weeks)
        - _weekly(inside.assign(_n=inside[moved].sum(axis=1)), "_n", runs, weeks),
        "smuggled": _weekly(here, "smuggled_entries", runs, weeks) - _weekly(inside, "smuggled", runs, weeks),
        "stranded": _weekly(here, "stranded", runs, weeks, how="mean"),
    }
    if "crossed_alone" in b:
        sides = border_sides()
        into = [x for x in scope.borders if x not in scope.internal and sides[x][1] in scope.countries]
        out["alone"] = _weekly(b[b.border.isin(into)], "crossed_alone", runs, weeks)
    else:
        out["alone"] = pd.DataFrame(0.0, index=weeks, columns=runs)
    out["regular"] = (out["entered"] - out["smuggled"] - out["alone"]).clip(lower=0)
    return out


def mission_rows(tables: dict, mission: str) -> pd.DataFrame:
    m = tables["missions"]
    return m[m.mission == mission]


def visits_by_border(tables: dict, mission: str, runs: list[str], weeks) -> dict[str, pd.DataFrame]:
    """Monitoring visits per week at each border point the mission visited (``visits.csv``)."""
    v = tables.get("visits")
    if v is None or v.empty:
        return {}
    v = v[v.mission == mission]
    return {border: _weekly(v[v.border == border], "visits", runs, weeks) for border in sorted(v.border.unique())}


def mission_weekly(tables: dict, mission: str, column: str, runs: list[str], weeks) -> pd.DataFrame:
    """A column of ``missions.csv`` per week: summed for counts, averaged for the risk and posture."""
    rows = mission_rows(tables, mission)
    if column == "proactive":
        rows = rows.assign(proactive=(rows.posture.astype(str) == "proactive").astype(float))
    how = "sum" if column in ("monitoring_visits", "trainings", "reports") else "mean"
    return _weekly(rows, column, runs, weeks, how=how)


def courses(tables: dict, mission: str) -> pd.DataFrame:
    """The mission's courses (``trainings.csv``): date, border, audience, effective_from."""
    t = tables.get("trainings")
    if t is None or t.empty:
        return pd.DataFrame(columns=["run_id", "date", "border", "audience", "effective_from"])
    return t[t.mission == mission]


def border_weights(b: pd.DataFrame, by: str) -> pd.Series:
    if by == "smuggled":
        return b["smuggled"]
    return b[[col for col in CROSSED if col in b]].sum(axis=1)


def weighted_chance(tables: dict, scope: MissionScope, column: str, runs: list[str], weeks, weight: str = "flow"):
    """``column`` (a chance or price at a border point) averaged over the mission's border points,
    each weighted by the people who crossed there over the whole run (``weight="smuggled"``: those
    smuggled there), then over the week's days; a run with no one at any of them takes the plain
    mean. The weights are the run's, not the week's, so the line moves only where the chances do:
    weekly weights made it leap whenever a few people took another border point. None if the run
    did not record ``column``."""
    b = tables["borders"]
    if column not in b:
        return None
    b = b[b.border.isin(scope.borders)]
    if b.empty:
        return pd.DataFrame(float("nan"), index=weeks, columns=runs)
    total = border_weights(b, weight).groupby([b.run_id, b.border]).transform("sum")
    share = total / total.groupby([b.run_id, b.date]).transform("sum")
    plain = 1.0 / b.groupby(["run_id", "date"]).border.transform("size")
    b = b.assign(_pw=b[column] * share.fillna(plain))
    return _weekly(b, "_pw", runs, weeks, how="mean")


def chance_by_border(tables: dict, scope: MissionScope, column: str, runs: list[str], weeks) -> dict[str, pd.DataFrame]:
    """``column`` per week (mean of the days) at each of the mission's border points."""
    b = tables["borders"]
    if column not in b:
        return {}
    return {
        border: _weekly(b[b.border == border], column, runs, weeks, how="mean")
        for border in scope.borders
        if (b.border == border).any()
    }


def threshold_by_day(scope: MissionScope, days: pd.DatetimeIndex, which: str = "proactive") -> pd.Series | None:
    """The perceived risk at which the mission turns proactive (``which="relax"``: back to business
    as usual), day by day: higher before it has a migration focal point
    (``model.mission.Mission.threshold``). None if the run did not say."""
    level = scope.proactive_threshold if which == "proactive" else scope.relax_threshold
    if level is None:
        return None
    focal = days >= pd.Timestamp(scope.focal_point_from) if scope.focal_point_from else days < days.min()
    factor = pd.Series(scope.no_focal_point_factor, index=days).where(~focal, 1.0)
    return level * factor
