"""The smuggling market: one price per leg (a border crossing), answering enforcement and demand.

Smugglers sell one leg at a time; a network that took a migrant across one closed border may take it
on across the next ones (``migrants.smuggle_package_borders``) without a new search, but each leg is
paid at its own price when it is crossed. Each day the price of a leg moves toward a target
(e-folding over ``smuggling.price_adjust_days``)::

    target = smuggler_price_eur x (1 + detection_premium x p_detect)
                                x (1 + demand / capacity) ** demand_elasticity
    capacity = network_capacity_people_per_day x (network_floor + (1 - network_floor) x familiarity)

``p_detect`` is the leg's chance of detecting a smuggled crossing today (reinforced police, training,
a fence); ``demand`` is the people a day who hired a smuggler across it lately (averaged over
``smuggling.demand_memory_days``); ``familiarity`` is how well trodden the crossing is. A closure
sends demand to the smugglers, detection raises the risk they price in, and a leg no one has used
lately has few smugglers, so a little demand drives its price up. The price enters what a migrant
can pay (:mod:`model.refusal`, :mod:`model.crossing`) and the perceived cost of a closed border in
route choice (:meth:`model.model.RouteModel.update_knowledge`): a dear or risky leg loses customers
to other legs.
"""

import numpy as np

from model.params_smuggling import SmugglingParams


class SmugglingMarket:
    """Today's price of each leg (EUR a person) and the demand each leg's smugglers have seen."""

    def __init__(self, n_borders: int, base_price_eur: float, params: SmugglingParams):
        self.params = params
        self.base = float(base_price_eur)
        self.price = np.full(n_borders, np.nan)  # set to the target on the first day
        self.demand = np.zeros(n_borders)  # people a day who hired a smuggler across each leg, averaged

    def target(self, p_detect: np.ndarray, familiarity: np.ndarray) -> np.ndarray:
        """The price each leg tends to today (module docstring)."""
        p = self.params
        capacity = p.network_capacity_people_per_day * (p.network_floor + (1 - p.network_floor) * familiarity)
        scarcity = (1 + self.demand / capacity) ** p.demand_elasticity
        return self.base * (1 + p.detection_premium * p_detect) * scarcity

    def update(self, p_detect: np.ndarray, familiarity: np.ndarray) -> np.ndarray:
        """Step 1: move each price toward its target; returns today's prices."""
        target = self.target(p_detect, familiarity)
        unset = np.isnan(self.price)
        self.price[unset] = target[unset]
        self.price += (target - self.price) / self.params.price_adjust_days
        return self.price.copy()

    def record(self, hires_people: np.ndarray) -> None:
        """Step 8: today's hires (people, per leg) enter the demand smugglers see."""
        self.demand += (hires_people - self.demand) / self.params.demand_memory_days
