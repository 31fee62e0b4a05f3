"""Counting the day (step 8): border, country, mission and status records from the migrant arrays."""

import numpy as np

from model.enums import Status
from model.graph import COUNTRIES
from model.kernels import count_active, count_waiting

N_COUNTRIES = len(COUNTRIES)


def _by_country(countries: np.ndarray) -> np.ndarray:
    return np.bincount(countries, minlength=N_COUNTRIES)


def tally_day(model) -> None:
    """Update the state the counts feed (familiarity, the smuggling market's demand, the settled) and,
    from start_date on, record the day (a warm-up day leaves only the series of every simulated day)."""
    m, g, rec, day = model.migrants, model.graph, model.recorder, model.day
    r = rec.row(day)
    ppa = model.params.people_per_agent
    today, n_borders = model.today, len(g.borders)
    bd = today.border_day

    queue, stranded_at, waiting_at, stranded_c = count_waiting(
        m.active, m.status, m.border, m.nationality, m.node, today.borders.admits, g.country_idx,
        int(Status.QUEUED), int(Status.STRANDED), N_COUNTRIES,
    )  # fmt: skip
    if r is not None:
        rec.borders[r] = np.stack(
            [bd.crossings, bd.refused, queue, bd.smuggled, bd.crossed_alone, bd.detected, bd.identified, stranded_at],
            axis=1,
        )
        rec.policies[r] = [bp.policy for bp in model.border_points]
        rec.border_levels[r] = [
            (bp.training, bp.frontline_training, bp.p_detect, bp.p_identify, price)
            for bp, price in zip(model.border_points, today.borders.price, strict=True)
        ]
        rec.awareness[r] = model.awareness
    hired = np.bincount(today.choices.hired_at, minlength=n_borders) + bd.hired
    model.market.record(hired * ppa)
    for i, bp in enumerate(model.border_points):
        crossed = bd.crossings[i] + bd.smuggled[i] + bd.crossed_alone[i]
        irregular = bd.smuggled[i] + bd.crossed_alone[i] + bd.detected[i]
        bp.record_day(
            bd.refused[i] * ppa, queue[i] * ppa, stranded_at[i] * ppa, crossed * ppa, waiting_at[i] * ppa,
            irregular * ppa,
        )  # fmt: skip

    to_country = g.country_idx[g.borders_to]
    from_country = g.country_idx[g.borders_from]
    crossings_all = bd.crossings + bd.smuggled + bd.crossed_alone
    entered = np.bincount(to_country, weights=crossings_all, minlength=N_COUNTRIES)
    exited = np.bincount(from_country, weights=crossings_all, minlength=N_COUNTRIES)
    for node, count in today.arrivals:  # by where they landed: some are returned the same day
        entered[g.country_idx[node]] += count
    returned = today.choices.returned
    if returned.size:
        entered[COUNTRIES.index("TR")] += returned.size
        exited[COUNTRIES.index("GR")] += returned.size
    left, came = today.police_returns
    exited += np.bincount(left, minlength=N_COUNTRIES)
    entered += np.bincount(came, minlength=N_COUNTRIES)
    exited += _by_country(g.country_idx[m.node[today.left]])
    smuggled_entries = np.bincount(to_country, weights=bd.smuggled, minlength=N_COUNTRIES)
    alone_entries = np.bincount(to_country, weights=bd.crossed_alone, minlength=N_COUNTRIES)
    # what the authorities counted: regular entries, only part of them before registration was general
    regular = (entered - smuggled_entries - alone_entries).astype(np.int64)
    early = model.date < model.params.full_registration_from
    registered = model.rng.binomial(regular, model.params.registration_share_early) if early else regular
    registered = np.minimum(registered, model.registration_limit)
    asylum = _by_country(g.country_idx[m.node[today.choices.asylum]])

    finished = m.drop_finished(model.asylum_final_at, model.asylum_waits_at)
    if finished.size:
        stayed = finished[m.status[finished] != Status.LEFT]  # those who left the route are nowhere on it
        model.settled_by_country += _by_country(g.country_idx[m.node[stayed]])
        model.settled_by_status += np.bincount(m.status[finished], minlength=len(Status))
    model.stranded_people = stranded_c * ppa
    model.victims_to_date += (today.exploited.size, bd.identified.sum())
    rec.entries_all[day] = entered
    rec.posture_all[day] = [int(mission.posture) for mission in model.missions]
    rec.trainings_all[day] = [mission.trainings_today for mission in model.missions]
    if r is None:
        return

    by_country, by_status = count_active(
        m.active, m.edge, m.node, m.status, g.arc_head, g.country_idx, N_COUNTRIES, len(Status)
    )
    waiting_c, waiting_s = m.waiting_counts(g.country_idx, N_COUNTRIES, len(Status))
    by_country += waiting_c
    by_status += waiting_s
    present = model.settled_by_country + by_country
    rec.countries[r] = np.stack(
        [entered, exited, present, stranded_c, asylum, smuggled_entries, alone_entries, registered], axis=1
    )
    rec.statuses[r] = model.settled_by_status + by_status
    rec.victims[r] = model.victims_to_date

    for j, mission in enumerate(model.missions):
        rec.missions[r, j] = (
            int(mission.posture),
            mission.visits_today,
            mission.trainings_today,
            mission.reports_today,
            mission.spent_today,
            mission.country_risk,
        )
        for k, bp in enumerate(mission.borders):
            if mission.visits_today_by_border[k]:
                rec.visits[r, j, bp.border.index] = mission.visits_today_by_border[k]
