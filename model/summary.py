"""The run's summary row: outcomes and the measures of how the missions responded."""

import numpy as np

from model.enums import Posture, Status
from model.graph import COUNTRIES


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def flow_reached_day(model, country: str) -> int | None:
    """First day on which a week's entries into ``country`` reached the flow threshold."""
    entered = model.recorder.countries[:, COUNTRIES.index(country), 0] * model.params.people_per_agent
    weekly = np.convolve(entered, np.ones(7), mode="full")[: len(entered)]
    return _first(weekly >= model.params.missions.flow_threshold_people_per_week)


def mission_flow_reached_day(model, mission) -> int | None:
    """First day the flow reached any of the mission's host countries: a regional mission's response
    lag runs from the flow reaching the first of them."""
    days = [d for c in mission.countries if (d := flow_reached_day(model, c)) is not None]
    return min(days, default=None)


def mission_summary(model, j: int, mission) -> dict:
    rec = model.recorder
    reached = mission_flow_reached_day(model, mission)
    proactive = _first(rec.missions[:, j, 0] == Posture.PROACTIVE)
    trained = _first(rec.missions[:, j, 2] > 0)
    lag = lambda day: None if reached is None or day is None else day - reached  # noqa: E731
    n_borders = len(mission.borders)
    seen_days = (rec.visits[:, j, :] > 0).sum()
    return {
        "flow_reached": None if reached is None else str(model.dates[reached]),
        "first_proactive": None if proactive is None else str(model.dates[proactive]),
        "first_training": None if trained is None else str(model.dates[trained]),
        "response_lag_days": lag(proactive),
        "training_lag_days": lag(trained),
        "monitoring_visits": int(rec.missions[:, j, 1].sum()),
        "monitoring_coverage": float(seen_days / (n_borders * model.n_days)) if n_borders else 0.0,
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
        "still_on_the_route": int(rec.statuses[-1, : Status.ARRIVED].sum() * ppa),
        "peak_stranded": int(stranded_total[peak_day]),
        "peak_stranded_date": str(model.dates[peak_day]),
        "smuggled_share": float(m.ever_smuggled[:n].mean()) if n else 0.0,
        "refused_to_smuggler_share": float(m.ever_smuggled[:n][refused].mean()) if refused.any() else 0.0,
        "victims_exploited": int(m.exploited[:n].sum() * ppa),
        "victims_identified": int(m.identified[:n].sum() * ppa),
        "missions": {
            mission.mission_id: mission_summary(model, j, mission) for j, mission in enumerate(model.missions)
        },
    }
