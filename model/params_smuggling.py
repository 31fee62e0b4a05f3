"""Parameters of the smuggling market: how the price of one leg (one border crossing) answers the
chance of detection there and the demand against what the smugglers working it can carry.

The base price of a leg is ``migrants.smuggler_price_eur``; the record's prices (``model/data/sources/
branches_2016_2018.csv`` and ``post_closure.csv``) are compared with the model's in ``validate``.
"""

from model.fields import Strict, param

ASSUMED = "assumed; no source figure (model/data/sources/README.md lists what is missing)"


class SmugglingParams(Strict):
    """The per-leg smuggling market (:mod:`model.smuggling`)."""

    detection_premium: float = param(
        2.0,
        unit="price ratio per unit chance",
        range=(0.0, 5.0),
        ge=0,
        le=50,
        source="assumed; Europol (branches_2016_2018.csv, June 2016): prices for the whole trip tripled after the "
        "borders closed and were reinforced; smugglers charge for the risk of arrest",
        description="Rise of a leg's price per unit of the chance of detecting a smuggled crossing there: the "
        "target price is the base times (1 + this x p_detect).",
    )
    demand_elasticity: float = param(
        1.0,
        unit="ratio",
        range=(0.0, 2.0),
        ge=0,
        le=10,
        source=ASSUMED,
        description="How steeply a leg's price rises with demand beyond what its smugglers carry: the target "
        "price is multiplied by (1 + demand / capacity) to this power.",
    )
    network_capacity_people_per_day: float = param(
        340.0,
        unit="people/day",
        range=(20, 2000),
        ge=1,
        le=1e6,
        source="calibrated to the record (docs/calibration.md); before calibration 200.0 ("
        + "assumed; post_closure.csv and branches_2016_2018.csv: about 200 a day entered North Macedonia "
        "and 300 a day Serbia irregularly from spring 2016, on the main route's established networks" + ")",
        description="Smuggled people a day the networks on a well-trodden leg carry at the base price.",
    )
    network_floor: float = param(
        0.061,
        unit="share",
        range=(0.01, 0.5),
        ge=0.001,
        le=1,
        source="calibrated to the record (docs/calibration.md); before calibration 0.05 ("
        + "assumed; seed 6.6 and 7: networks and smugglers worked where the route already ran"
        + ")",
        description="Share of network_capacity_people_per_day on a leg no one has crossed lately; it grows to "
        "the whole with the leg's familiarity (migrants.familiar_flow_people_per_day).",
    )
    demand_memory_days: float = param(
        14.0,
        unit="days",
        range=(3, 60),
        ge=1,
        le=365,
        source=ASSUMED,
        description="Time over which the demand a leg's smugglers see is averaged (e-folding).",
    )
    price_adjust_days: float = param(
        14.0,
        unit="days",
        range=(1, 60),
        ge=1,
        le=365,
        source=ASSUMED,
        description="Time a leg's price takes to move to its target (e-folding): word of a new price spreads "
        "among smugglers and customers over days.",
    )
