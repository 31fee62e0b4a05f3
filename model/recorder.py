"""Step 8: the day's records, kept in preallocated arrays and turned into tidy tables at the end.

All counts are stored in agents and multiplied by ``people_per_agent`` when the tables are made, so
every count in ``countries``, ``borders`` and ``missions`` is people.
"""

import numpy as np
import pandas as pd

from model.courses import TRAININGS_COLUMNS, Course
from model.enums import POLICY_NAMES, Posture, Status
from model.graph import COUNTRIES

BORDER_COLUMNS = (
    "crossings",
    "refused",
    "queue",
    "smuggled",
    "crossed_alone",
    "detected",
    "victims_identified",
    "stranded",
)
# borders.csv also has ``policy`` (model.enums.POLICY_NAMES), the institutional chain (levels 0-1 and
# chances) and the smuggling market's price for the leg (EUR a person):
BORDER_LEVEL_COLUMNS = ("police_training", "frontline_training", "p_detect", "p_identify", "smuggling_price_eur")
COUNTRY_COLUMNS = (
    "entered",
    "exited",
    "present",
    "stranded",
    "asylum_claims",
    "smuggled_entries",
    "alone_entries",  # crossed a closed border without a smuggler
    "registered",
)
MISSION_COLUMNS = ("posture", "monitoring_visits", "trainings", "reports", "budget_spent", "perceived_risk")
VICTIM_COLUMNS = ("exploited_to_date", "identified_to_date")
# every table a run writes, and its columns in order (readers check a table against these)
TABLE_COLUMNS = {
    "countries": ("date", "country", *COUNTRY_COLUMNS, "awareness"),
    "borders": ("date", "border", *BORDER_COLUMNS, "policy", *BORDER_LEVEL_COLUMNS),
    "missions": ("date", "mission", *MISSION_COLUMNS),
    "visits": ("date", "mission", "border", "visits"),
    "statuses": ("date", *(s.name.lower() for s in Status), *VICTIM_COLUMNS),
    "trainings": TRAININGS_COLUMNS,
}
TABLES = tuple(TABLE_COLUMNS)


class Recorder:
    """Per-day arrays for borders, countries, missions, statuses and monitoring visits."""

    def __init__(self, dates, first_recorded_day: int, border_names, mission_ids, people_per_agent: int):
        """``dates``: every simulated day; the tables hold those from ``first_recorded_day`` on (the days
        before warm the route up). A few series cover every simulated day, for the response lags."""
        self.simulated_dates = pd.to_datetime(pd.Series(dates))
        self.first_recorded_day = first_recorded_day
        self.dates = self.simulated_dates.iloc[first_recorded_day:].reset_index(drop=True)
        self.border_names = list(border_names)
        self.mission_ids = list(mission_ids)
        self.ppa = people_per_agent
        n = len(self.dates)
        self.borders = np.zeros((n, len(self.border_names), len(BORDER_COLUMNS)), np.int64)
        self.countries = np.zeros((n, len(COUNTRIES), len(COUNTRY_COLUMNS)), np.int64)
        self.missions = np.zeros((n, len(self.mission_ids), len(MISSION_COLUMNS)))
        self.statuses = np.zeros((n, len(Status)), np.int64)
        self.victims = np.zeros((n, 2), np.int64)  # exploited and identified so far
        self.visits = np.zeros((n, len(self.mission_ids), len(self.border_names)), np.int32)
        self.policies = np.zeros((n, len(self.border_names)), np.int8)  # each border point's Policy that day
        self.border_levels = np.zeros((n, len(self.border_names), len(BORDER_LEVEL_COLUMNS)))
        self.awareness = np.zeros((n, len(COUNTRIES)))
        self.courses: list[Course] = []  # every course delivered, in order
        # every simulated day, warm-up included (model.summary counts response lags from these)
        n_simulated = len(self.simulated_dates)
        self.entries_all = np.zeros((n_simulated, len(COUNTRIES)), np.int64)  # agents entering each country
        self.posture_all = np.zeros((n_simulated, len(self.mission_ids)), np.int8)
        self.trainings_all = np.zeros((n_simulated, len(self.mission_ids)), np.int64)

    def row(self, day: int) -> int | None:
        """The tables' row of simulated ``day``, or None for a warm-up day."""
        r = day - self.first_recorded_day
        return r if r >= 0 else None

    def borders_table(self) -> pd.DataFrame:
        n_days, n_borders, _ = self.borders.shape
        frame = pd.DataFrame(self.borders.reshape(-1, len(BORDER_COLUMNS)) * self.ppa, columns=BORDER_COLUMNS)
        frame.insert(0, "border", np.tile(self.border_names, n_days))
        frame.insert(0, "date", np.repeat(self.dates.to_numpy(), n_borders))
        frame["policy"] = pd.Categorical.from_codes(self.policies.reshape(-1), categories=POLICY_NAMES)
        for k, name in enumerate(BORDER_LEVEL_COLUMNS):
            frame[name] = self.border_levels[:, :, k].reshape(-1)
        return frame

    def countries_table(self) -> pd.DataFrame:
        n_days, n_countries, _ = self.countries.shape
        frame = pd.DataFrame(self.countries.reshape(-1, len(COUNTRY_COLUMNS)) * self.ppa, columns=COUNTRY_COLUMNS)
        frame.insert(0, "country", np.tile(COUNTRIES, n_days))
        frame.insert(0, "date", np.repeat(self.dates.to_numpy(), n_countries))
        frame["awareness"] = self.awareness.reshape(-1)
        return frame

    def missions_table(self) -> pd.DataFrame:
        n_days, n_missions, _ = self.missions.shape
        frame = pd.DataFrame(self.missions.reshape(-1, len(MISSION_COLUMNS)), columns=MISSION_COLUMNS)
        for col in ("monitoring_visits", "trainings", "reports"):
            frame[col] = frame[col].astype(np.int64)
        frame["posture"] = pd.Categorical.from_codes(
            frame["posture"].astype(int), categories=[p.name.lower() for p in Posture]
        )
        frame.insert(0, "mission", np.tile(self.mission_ids, n_days))
        frame.insert(0, "date", np.repeat(self.dates.to_numpy(), n_missions))
        return frame

    def statuses_table(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.statuses * self.ppa, columns=[s.name.lower() for s in Status])
        for k, name in enumerate(VICTIM_COLUMNS):
            frame[name] = self.victims[:, k] * self.ppa
        frame.insert(0, "date", self.dates.to_numpy())
        return frame

    def visits_table(self) -> pd.DataFrame:
        day, mission, border = np.nonzero(self.visits)
        return pd.DataFrame(
            {
                "date": self.dates.to_numpy()[day],
                "mission": np.array(self.mission_ids, dtype=object)[mission],
                "border": np.array(self.border_names, dtype=object)[border],
                "visits": self.visits[day, mission, border].astype(np.int64),
            }
        )

    def trainings_table(self) -> pd.DataFrame:
        """One row per course: who gave it, where, to whom, from when, and what it changed there."""
        dates = self.simulated_dates.to_numpy()
        last = len(dates) - 1
        rows = [
            (
                dates[c.day],
                c.mission,
                self.border_names[c.border],
                c.audience,
                dates[c.effective_day] if c.effective_day <= last else pd.NaT,
                c.rise if c.audience != "judges_prosecutors" else 0.0,
                np.nan if c.detection_change is None else c.detection_change,
                np.nan if c.identification_change is None else c.identification_change,
            )
            for c in self.courses
            if c.day >= self.first_recorded_day  # a course of the warm-up is part of the state on start_date
        ]
        frame = pd.DataFrame(rows, columns=TRAININGS_COLUMNS)
        for name in ("date", "effective_from"):
            frame[name] = pd.to_datetime(frame[name])
        return frame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The run's tidy tables by name (:data:`TABLES`); counts are people."""
        tables = {name: getattr(self, f"{name}_table")() for name in TABLES}
        for name, frame in tables.items():  # the declaration and the tables cannot drift apart
            if tuple(frame.columns) != TABLE_COLUMNS[name]:
                raise RuntimeError(f"{name} table: columns {tuple(frame.columns)} differ from TABLE_COLUMNS (internal)")
        return tables
