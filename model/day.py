"""What one phase of the day leaves for a later one: every hand-off exists from the model's start,
with its type, the phase that writes it and the phases that read it (the numbers of
:meth:`model.model.RouteModel.step`)."""

from dataclasses import dataclass, field

import numpy as np

from model.border import BorderArrays
from model.crossing import BorderDay
from model.refusal import RefusalChoices


@dataclass
class Today:
    """The day's hand-offs; :meth:`start_of_day` clears what belongs to one day only."""

    borders: BorderArrays  # written by 1 (apply_events); read by 3 (knowledge), 4 (choice), 6 (crossing)
    # written by 2 (add_arrivals) as (node, agents) where they landed; read by 8 (entries)
    arrivals: list[tuple[int, int]] = field(default_factory=list)
    choices: RefusalChoices = field(default_factory=RefusalChoices.none)  # written by 4; read by 8
    exploited: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # new victims: by 5; read by 8
    # returned by a country's police: (country left, country entered) per migrant; written by 4, read by 8
    police_returns: tuple[np.ndarray, np.ndarray] = field(default_factory=lambda: (np.zeros(0, np.int64),) * 2)
    left: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # gave the journey up: by 4, read by 8
    border_day: BorderDay | None = None  # written by 6 (process_border_points); read by 8

    def start_of_day(self, borders: BorderArrays) -> None:
        """Step 1: today's border arrays; yesterday's counts are gone."""
        self.borders = borders
        self.arrivals = []
        self.choices = RefusalChoices.none()
        self.exploited = np.zeros(0, np.int64)
        self.police_returns = (np.zeros(0, np.int64),) * 2
        self.left = np.zeros(0, np.int64)
        self.border_day = BorderDay.none(len(borders.p_detect))
