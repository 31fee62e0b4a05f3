"""How the model produces the figures of ``branches_2016_2018.csv``: the branch countries (Albania,
Montenegro, Bosnia and Herzegovina, Kosovo) in 2016-2018, and the later counts of the corridor's
countries (people present, asylum, apprehensions, transit zones).

Each rule says what the source counts and what it is compared with. Apprehensions are the model's
``detected`` (everyone caught crossing irregularly, with a smuggler or alone) at the country's border
points, in either direction, since a count of a country's police does not say at which border it
caught people. Figures dated 2018 get rules too: ``validate`` compares them once a run covers 2018,
but they are predictions, and calibration never fits them (``observations.FIT_LIMIT``).
"""

from functools import cache

from analysis.observation_rules import (
    COUNTRY_CODES,
    FORCING,
    LOWER,
    UPPER,
    Rule,
    Term,
    asylum_claims,
    at_borders,
    border_points,
    entries,
    irregular_crossings,
    present,
    skip,
)
from analysis.price_routes import PRICE_MEASURE, price_rule

BRANCH_COUNTRIES = ("Albania", "Montenegro", "Bosnia and Herzegovina", "Kosovo")
# the six Western Balkan countries of Frontex's WB-RAN
WB_RAN = ("AL", "BA", "XK", "MK", "ME", "RS")
NO_EVROS = "the Evros land border (TR->GR) is not in the model's graph"
FORCED_SEA = (
    "entries into Greece: the inflow is forced from the recorded sea arrivals, so this checks the forcing "
    "against the figure; not in the metrics"
)


def detected(code: str, note: str) -> Rule:
    points = border_points(code)
    return Rule(
        at_borders("detected", points),
        "sum",
        f"{note}: compared with the people detected crossing irregularly at {code}'s border points, either "
        f"way ({', '.join(points)})",
    )


def _asylum(code: str, note: str = "asylum applications") -> Rule:
    return Rule(asylum_claims(code), "sum", f"{note}: compared with the asylum claims in {code}")


def _present(code: str, note: str, bound: str = "") -> Rule:
    return Rule(present(code), "level", f"{note}: compared with the people present in {code}", bound=bound)


@cache
def _rules() -> dict[tuple, Rule]:
    """Rules by (country code, measure), or (country code, measure, place) where the place decides."""
    sea = Rule(entries("GR"), "sum", FORCED_SEA, FORCING)
    return {
        # Albania
        ("AL", "apprehended"): detected("AL", "irregular foreigners caught by the police (INSTAT)"),
        ("AL", "apprehended", "Kakavijë (Greek border)"): Rule(
            at_borders("detected", ("Kakavia",)), "sum", "caught at Kakavia: detected there"
        ),
        ("AL", "asylum_applications"): _asylum("AL"),
        ("AL", "registered_arrivals"): Rule(
            entries("AL"),
            "sum",
            "registered irregular foreigners (the same 1,049 as INSTAT's apprehensions): compared with all "
            "entries into AL",
        ),
        ("GR", "stranded_at_border", "Idomeni"): Rule(
            at_borders("stranded", ("Idomeni-Gevgelija",)) + at_borders("queue", ("Idomeni-Gevgelija",)),
            "level",
            "people at the Idomeni camp: those refused at Idomeni-Gevgelija and still waiting there, and its queue",
        ),
        ("AL", "detected_crossings"): skip("Frontex's count of the Greek-Albanian border is mostly Albanians"),
        # Montenegro
        ("ME", "asylum_applications"): _asylum("ME"),
        ("ME", "registered_arrivals"): Rule(entries("ME"), "sum", "migrants entering Montenegro: all entries into ME"),
        ("ME", "admitted_to_reception"): _asylum("ME", "asylum seekers admitted to the Spuž centre"),
        ("ME", "irregular_crossings_detected"): Rule(
            at_borders("detected", border_points("ME", "into")),
            "sum",
            "irregular crossings of the Albanian border recorded by the border police: detected at the AL->ME "
            "border points (Hani i Hotit by Božaj, Muriqan-Sukobin)",
        ),
        ("ME", "present"): _present("ME", "in the Spuž asylum centre, a part of those in the country", LOWER),
        # Bosnia and Herzegovina
        ("BA", "apprehended"): detected("BA", "attempts of illegal crossing (border police)"),
        ("BA", "illegal_migrants_detected"): detected("BA", "illegal migrants detected (Service for Foreigners)"),
        ("BA", "registered_arrivals"): Rule(entries("BA"), "sum", "arrivals registered by UNHCR: all entries into BA"),
        ("BA", "reception_capacity"): skip("reception places are an input of the country, not a count of people"),
        # Kosovo
        ("XK", "asylum_applications"): _asylum("XK"),
        # Greece
        ("GR", "present"): _present("GR", "people present on the mainland and the islands"),
        ("GR", "returned_to_turkey"): Rule(
            (Term("statuses", "returned"),), "level", "returned to Turkey under the EU-Turkey statement, cumulative"
        ),
        ("GR", "sea_arrivals"): sea,
        ("GR", "sea_arrivals", "North Aegean (Lesvos, Samos, Chios)"): skip("a part of the islands only"),
        ("GR", "sea_arrivals_cumulative"): sea,
        ("GR", "sea_arrivals_daily"): Rule(entries("GR"), "mean", f"arrivals a day; {FORCED_SEA}", FORCING),
        ("GR", "land_arrivals"): skip(NO_EVROS),
        ("GR", "land_arrivals_cumulative"): skip(NO_EVROS),
        ("GR", "total_arrivals"): skip(f"land and sea: {NO_EVROS} (sea arrivals are checked on their own)"),
        ("GR", "total_arrivals_cumulative"): skip(f"land and sea: {NO_EVROS} (sea arrivals are checked on their own)"),
        # Turkey
        ("TR", "intercepted_by_turkey"): skip("departures from Turkey are forced: the model has no Turkish police"),
        # Bulgaria
        ("BG", "apprehended"): detected("BG", "apprehensions (Ministry of the Interior), inland ones included"),
        ("BG", "apprehended", "Turkish border"): skip("land arrivals start at Svilengrad, past the Turkish border"),
        ("BG", "apprehended", "entry (Turkish border)"): skip(
            "land arrivals start at Svilengrad, past the Turkish border"
        ),
        ("BG", "apprehended", "exit towards Serbia"): Rule(
            at_borders("detected", ("Kalotina-Gradina", "Vrška Čuka")),
            "sum",
            "caught leaving for Serbia: detected at Kalotina-Gradina and Vrška Čuka",
        ),
        ("BG", "expelled"): skip("expulsions from Bulgaria are not modelled"),
        ("BG", "present"): _present("BG", "in the refugee camps, a part of those in the country", LOWER),
        # North Macedonia
        ("MK", "present"): _present("MK", "people remaining in the country"),
        ("MK", "transited"): Rule(entries("MK"), "sum", "people who transited: all entries into MK"),
        ("MK", "irregular_entries_daily"): Rule(
            irregular_crossings(border_points("MK", "into")),
            "mean",
            "irregular entries a day from Greece (estimate): smuggled or alone and undetected across the GR->MK "
            "border points, a day",
        ),
        ("MK", "refused_entry"): Rule(
            at_borders("detected", border_points("MK", "into")),
            "sum",
            "irregular entries prevented at the Greek border: detected at the GR->MK border points",
        ),
        # Serbia
        ("RS", "present"): _present("RS", "people present (UNHCR)"),
        ("RS", "present_in_centres"): skip("a part of those present; the national count of the same dates is compared"),
        ("RS", "asylum_intentions"): _asylum(
            "RS", "asylum intentions (after 2015 Serbia registered only people who stopped)"
        ),
        ("RS", "transited"): Rule(entries("RS"), "sum", "people who passed through: all entries into RS"),
        ("RS", "irregular_entries_daily"): Rule(
            irregular_crossings(("Tabanovce-Miratovac", "Lojane-Miratovac", "Kalotina-Gradina", "Vrška Čuka")),
            "mean",
            "unregistered arrivals a day across the southern borders (estimate): smuggled or alone and "
            "undetected from North Macedonia and Bulgaria, a day",
        ),
        ("RS", "new_arrivals_assisted"): skip("new arrivals assisted by UNHCR's partners: a part of unknown size"),
        ("RS", "arrivals_by_air_iranians"): skip("arrivals by air are not in the model"),
        # Hungary
        ("HU", "apprehended"): Rule(
            at_borders("detected", ("Horgoš-Röszke",)),
            "sum",
            "stopped entering illegally from Serbia: detected at Horgoš-Röszke",
        ),
        # Since September 2015 a claim at the border could be lodged only in the transit zones, and each
        # admission was one ("nearly 450 migrants request asylum each week in the two transit zones", MTI,
        # 19 May 2016, branches_2016_2018.csv); those who got in otherwise and were registered claimed
        # too. Nobody waits in Hungary in the model, so it has no claims of its own there.
        ("HU", "asylum_applications"): Rule(
            entries("HU"),
            "sum",
            "asylum applications: compared with everyone who entered HU (admitted into the transit zones, "
            "or smuggled or alone and undetected), each admission into a transit zone being a claim",
        ),
        ("HU", "transit_zone_admissions"): Rule(
            at_borders("crossings", ("Horgoš-Röszke",)),
            "sum",
            "admitted into the transit zones: regular crossings at Horgoš-Röszke, the only regular way in",
        ),
        ("HU", "transit_zone_admissions_daily"): Rule(
            at_borders("crossings", ("Horgoš-Röszke",)),
            "mean",
            "'at most ten a day' admitted: regular crossings at Horgoš-Röszke, a day",
            bound=UPPER,
        ),
        ("HU", "irregular_crossings_daily"): Rule(
            irregular_crossings(("Horgoš-Röszke",)) + at_borders("detected", ("Horgoš-Röszke",)),
            "mean",
            "people over the fence a day, most of them caught: smuggled, alone or detected at Horgoš-Röszke",
        ),
        # Croatia and Slovenia
        ("HR", "apprehended"): detected("HR", "illegal migrants registered"),
        ("HR", "collective_expulsions_reported"): skip("expulsions reported to UNHCR are not modelled"),
        ("SI", "asylum_applications"): _asylum("SI"),
        ("SI", "irregular_crossings_detected"): detected("SI", "irregular border crossings handled by the police"),
    }


def _wb_ran() -> Rule:
    return Rule(
        tuple(t for code in WB_RAN for t in entries(code)),
        "sum",
        "Frontex's detections of illegal border-crossing in the six WB-RAN countries count a person once at "
        "each border (registered transits included in 2015-16): all entries into AL, BA, XK, MK, ME and RS",
    )


def rule_for_branch_row(country: str, place: str, measure: str) -> Rule:
    """The simulated counterpart of a row of ``branches_2016_2018.csv``."""
    if measure == "event":
        return skip("a dated event, an input")
    if measure.startswith(PRICE_MEASURE):
        return price_rule(place, measure)
    if measure == "illegal_border_crossings_nonregional":
        return _wb_ran()
    code = COUNTRY_CODES.get(country)
    if code is None:
        return skip(f"'{country}' is not a country of the model")
    rules = _rules()
    rule = rules.get((code, measure, place)) or rules.get((code, measure))
    if rule is None:
        return skip(f"no rule for measure '{measure}' in {country}: the model has no output defined for it")
    return rule
