"""Courses: a mission's capacity-building at a border point, from its delivery to its effect.

Each course has an audience (seed 6.5, 6.6): border police (it raises the border point's police
``training``, so detection and victim identification), frontline workers (it raises
``frontline_training``: victim identification), or judges and prosecutors (it strengthens
prosecution, which the model does not follow further: no level at the border changes). It takes
effect ``missions.training_delay_days`` after delivery; the change it made to the chances of
detecting a smuggled crossing and of identifying a victim there is recorded when it does.
"""

from dataclasses import dataclass

AUDIENCES = {  # audience -> the border level it raises (None: none at the border)
    "border_police": "training",
    "frontline_workers": "frontline_training",
    "judges_prosecutors": None,
}
KIND_TO_AUDIENCE = {"police": "border_police", "frontline": "frontline_workers", "judiciary": "judges_prosecutors"}
TRAININGS_COLUMNS = (
    "date",
    "mission",
    "border",
    "audience",
    "effective_from",
    "level_rise",
    "detection_change",
    "identification_change",
)


@dataclass
class Course:
    """One course: who gave it, where, to whom, when it takes effect and what it changed."""

    day: int
    mission: str
    border: int  # border point index
    audience: str
    effective_day: int
    rise: float  # rise of the level it trains (0-1 scale)
    detection_change: float | None = None  # p_detect after minus before, once in effect
    identification_change: float | None = None
