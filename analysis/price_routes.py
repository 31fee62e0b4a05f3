"""Smuggling prices in the record and the legs of the model's route each one pays for.

The model prices one leg (one border crossing) at a time: ``borders.csv`` column
``smuggling_price_eur``, EUR a person. A price the record gives for a trip is compared with the sum
over the trip's legs of that day's price, averaged over the figure's dated period (or read on its
date). Where a leg could be crossed at more than one of the model's border points, the cheapest one
that day counts: a smuggler quotes the way he would take.

``ROUTES`` maps each price's place label, as the source files write it, to its legs. Prices whose
route the model does not have are in ``NOT_IN_THE_MODEL`` with the reason.
"""

from dataclasses import dataclass

from analysis.observation_rules import LOWER, POINT, UPPER, Rule, at_borders, skip

PRICE_MEASURE = "smuggling_price"
PRICE_COLUMN = "smuggling_price_eur"
EUR_MEASURES = ("smuggling_price_eur", "smuggling_price_EUR", "smuggling_price_EUR_to_Belgrade")

GR_MK = ("Idomeni-Gevgelija",)
# the official crossing or the smugglers' green border by Lojane (edges.csv)
MK_RS = ("Tabanovce-Miratovac", "Lojane-Miratovac")
GR_AL = ("Kakavia", "Kapshticë")
AL_ME = ("Hani i Hotit", "Muriqan-Sukobin")
AT_DE = ("Salzburg-Freilassing", "Schärding-Passau")
SEA = "the sea crossing Turkey->Greece is not a smuggling leg in the model (arrivals are forced)"


@dataclass(frozen=True)
class Route:
    legs: tuple[tuple[str, ...], ...]
    note: str
    bound: str = POINT


_LAND_TO_HUNGARY = (GR_MK, MK_RS, ("Horgoš-Röszke",))
_WHOLE_WAY = (
    "the land legs of the summer 2015 route into Hungary (GR->MK, MK->RS, RS->HU); the figure includes the "
    "boat from Turkey, which the model does not price, so it is read as the most the land legs cost"
)
ROUTES = {
    "Evzoni (GR)": Route((GR_MK, MK_RS), "Evzoni (by Idomeni) to Belgrade: GR->MK and MK->RS"),
    "Tabanovce->Belgrade": Route((MK_RS,), "one leg, MK->RS"),
    "Greece->Serbia via North Macedonia": Route((GR_MK, MK_RS), "GR->MK and MK->RS"),
    "Sofia->Serbia": Route((("Kalotina-Gradina",),), "one leg from Sofia, Kalotina-Gradina; 'upward of 600'", LOWER),
    "Bulgaria->Serbia": Route((("Kalotina-Gradina", "Vrška Čuka"),), "one leg, BG->RS"),
    "Serbia->Hungarian/Croatian border": Route(
        (("Horgoš-Röszke", "Šid-Tovarnik", "Berkasovo-Bapska"),), "one leg, RS->HU or RS->HR"
    ),
    "Greece->Germany via Albania": Route(
        (GR_AL, AL_ME, ("Šćepan Polje",), ("Maljevac",), ("Harmica-Dobova",), ("Šentilj-Spielfeld",), AT_DE),
        "the western branch by car: GR->AL, AL->ME, ME->BA, BA->HR, HR->SI, SI->AT, AT->DE",
    ),
    "Turkey/Greece->EU (whole way)": Route(_LAND_TO_HUNGARY, _WHOLE_WAY, UPPER),
    "Turkey->Budapest (whole chain)": Route(
        _LAND_TO_HUNGARY, _WHOLE_WAY.replace("the figure", "the figure (about EUR 1,000 of it, same quote)"), UPPER
    ),
    "Greece->Albania": Route((GR_AL,), "one leg, GR->AL"),
    "Kakavijë (Greek border)": Route((("Kakavia",),), "one leg, GR->AL at Kakavia (a 2013 fee)"),
    "Albania->Montenegro": Route((AL_ME,), "one leg, AL->ME"),
    "Montenegro->BiH": Route((("Šćepan Polje",),), "one leg, ME->BA"),
    "Montenegro->BiH (taxi)": Route((("Šćepan Polje",),), "one leg, ME->BA (drivers who called themselves taxis)"),
}
NOT_IN_THE_MODEL = {
    "Izmir->Greek islands": SEA,
    "Turkey->Greece": SEA,
    "Turkey->Greek islands": SEA,
    "Greece->Germany via Italy": "Italy is not in the model",
    "Greece->Italy (avoiding Balkans)": "Italy is not in the model",
    "Velika Kladuša->Trieste": "Italy is not in the model",
    "BiH->Italy by car": "Italy is not in the model",
    "Iraq->BiH (family of 6)": "a family's whole journey from Iraq, most of it outside the model",
    "Belgrade->onward (group)": "a price for a group of unstated size to an unstated place",
    "Turkey->Western Europe (truck)": "a through trip by truck from Turkey (2019), not priced leg by leg",
    "Albania/Turkey->EU via Montenegro": "a 2014 price from Turkey or Albania 'to Europe': the end is not stated",
}


def price_rule(place: str, measure: str) -> Rule:
    """The rule for a price of ``measure`` quoted for the trip ``place``."""
    if measure not in EUR_MEASURES:
        currency = measure.removeprefix(PRICE_MEASURE + "_").upper()
        return skip(f"a price in {currency}: not converted to EUR (no rate chosen), so not compared")
    if place in NOT_IN_THE_MODEL:
        return skip(f"a price for a route the model does not have: {NOT_IN_THE_MODEL[place]}")
    route = ROUTES.get(place)
    if route is None:
        return skip(f"no route for the price of '{place}' in analysis/price_routes.py")
    points = tuple(p for leg in route.legs for p in leg)
    note = (
        f"the sum over the legs of {PRICE_COLUMN} (the cheapest point of a leg each day), averaged over the "
        f"period: {route.note}"
    )
    return Rule(at_borders(PRICE_COLUMN, points), "mean", note, legs=route.legs, bound=route.bound)
