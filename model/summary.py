"""The run's summary row: outcomes and the measures of how the missions responded."""

import numpy as np

from model.enums import Posture, Status
from model.graph import COUNTRIES


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def weekly_flow(model, countries: list[str]) -> np.ndarray:
    """People entering the busiest of ``countries`` over the week to each simulated day (warm-up included)."""
    cols = [COUNTRIES.index(c) for c in countries]
    entered = model.recorder.entries_all[:, cols] * model.params.people_per_agent
    weekly = np.cumsum(entered, axis=0)
    weekly[7:] -= weekly[:-7].copy()
    return weekly.max(axis=1) if cols else np.zeros(len(entered))


def flow_triggers(weekly: np.ndarray, threshold: float, quiet_days: int) -> list[int]:
    """Simulated days on which the flow starts an episode: the week's entries pass ``threshold`` after
    staying below it on each of the ``quiet_days`` days before (fewer at the start, but at least a full
    week measured). A flow already over it on the first days is not a trigger: the route was under way."""
    above = weekly >= threshold
    triggers, quiet = [], 0
    for day, over in enumerate(above):
        if over and quiet >= min(quiet_days, day) and day >= 7:
            triggers.append(day)
        quiet = 0 if over else quiet + 1
    return triggers


def first_flow_day(model, mission) -> int | None:
    """The simulated day the flow first reached one of the mission's host countries, or None."""
    rules = model.params.missions
    triggers = flow_triggers(weekly_flow(model, mission.countries), rules.flow_threshold_people_per_week,
                             rules.flow_quiet_days)  # fmt: skip
    return triggers[0] if triggers else None


def _days_until(mask: np.ndarray, day: int) -> int | None:
    hit = _first(mask[day:])
    return None if hit is None else hit


def mission_summary(model, j: int, mission) -> dict:
    rec, rules = model.recorder, model.params.missions
    dates = rec.simulated_dates.dt.date.astype(str).to_numpy()
    weekly = weekly_flow(model, mission.countries)
    triggers = flow_triggers(weekly, rules.flow_threshold_people_per_week, rules.flow_quiet_days)
    proactive_all = rec.posture_all[:, j] == Posture.PROACTIVE
    trained_all = rec.trainings_all[:, j] > 0
    episodes = [
        {
            "flow_reached": dates[t],
            "response_lag_days": _days_until(proactive_all, t),
            "training_lag_days": _days_until(trained_all, t),
        }
        for t in triggers
    ]
    first = episodes[0] if episodes else {}
    recorded = slice(rec.first_recorded_day, None)
    before_flow = np.arange(len(dates)) < (triggers[0] if triggers else len(dates))
    proactive = _first(proactive_all)
    trained = _first(trained_all)
    n_borders = len(mission.borders)
    seen_days = (rec.visits[:, j, :] > 0).sum()
    return {
        "flow_reached": first.get("flow_reached"),
        "first_proactive": None if proactive is None else dates[proactive],
        "first_training": None if trained is None else dates[trained],
        "response_lag_days": first.get("response_lag_days"),
        "training_lag_days": first.get("training_lag_days"),
        "flow_episodes": episodes,
        "days_proactive_without_flow": int((proactive_all & before_flow)[recorded].sum()),
        "monitoring_visits": int(rec.missions[:, j, 1].sum()),
        "monitoring_coverage": float(seen_days / (n_borders * len(rec.dates))) if n_borders else 0.0,
        "trainings": int(rec.missions[:, j, 2].sum()),
        "reports": int(rec.missions[:, j, 3].sum()),
        "budget_spent_eur": float(rec.missions[:, j, 4].sum()),
        "days_proactive": int((rec.missions[:, j, 0] == Posture.PROACTIVE).sum()),
    }


def summarize(model) -> dict:
    """One dict per run: arrivals, peak stranded, smuggling, victims, and each mission's response."""
    m, rec, ppa = model.migrants, model.recorder, model.params.people_per_agent
    n = m.n
    stranded_total = rec.countries[:, :, 3].sum(axis=1) * ppa
    peak_day = int(np.argmax(stranded_total))
    refused = m.ever_refused[:n]
    return {
        "scenario": model.route_scenario.name,
        "seed": model.seed,
        "people_per_agent": ppa,
        "start": str(model.start),
        "end": str(model.end),
        "arrivals_in_greece_and_bulgaria": int(n * ppa),
        "arrivals_at_destinations": int(rec.statuses[-1, Status.ARRIVED] * ppa),
        "asylum_in_transit_countries": int(rec.statuses[-1, Status.ASYLUM] * ppa),
        "returned_to_turkey": int(rec.statuses[-1, Status.RETURNED] * ppa),
        "left_the_route": int(rec.statuses[-1, Status.LEFT] * ppa),
        "still_on_the_route": int(rec.statuses[-1, : Status.ARRIVED].sum() * ppa),
        "peak_stranded": int(stranded_total[peak_day]),
        "peak_stranded_date": str(rec.dates[peak_day].date()),
        "smuggled_share": float(m.ever_smuggled[:n].mean()) if n else 0.0,
        "refused_to_smuggler_share": float(m.ever_smuggled[:n][refused].mean()) if refused.any() else 0.0,
        "victims_exploited": int(m.exploited[:n].sum() * ppa),
        "victims_identified": int(m.identified[:n].sum() * ppa),
        "missions": {
            mission.mission_id: mission_summary(model, j, mission) for j, mission in enumerate(model.missions)
        },
    }
