"""How the model produces each figure of the corridor's two files, ``transit_by_country.csv`` and
``post_closure.csv`` (entries, registrations and crossings by country; people stranded or present
after the March 2016 closure, readmissions). Their smuggling prices go to ``price_routes``.
"""

from analysis.observation_rules import (
    COUNTRY_CODES,
    FORCING,
    Rule,
    Term,
    entries,
    skip,
)
from analysis.price_routes import PRICE_MEASURE, price_rule

# IOM's Displacement Tracking Matrix counted "stranded in Greece and the Western Balkans" in these.
GREECE_AND_WESTERN_BALKANS = ("GR", "MK", "RS", "HR", "SI")
MK_TO_RS_BORDERS = ("Tabanovce-Miratovac", "Lojane-Miratovac")
UNDERCOUNT = (
    "registration undercounted transits (MPC: about half were registered in North Macedonia in summer "
    "2015): compared with the model's registered entries (registration_share_early before "
    "full_registration_from)"
)


def rule_for(place: str, measure: str) -> Rule:
    """The simulated counterpart of ``measure`` recorded at ``place`` (a country name or a place label)."""
    if measure.startswith(PRICE_MEASURE):
        return price_rule(place, measure)
    code = COUNTRY_CODES.get(place, "")
    registered = entries(code, registered=True)
    rules = {
        "registered_intent_to_seek_asylum": Rule(registered, "sum", f"regular entries; {UNDERCOUNT}"),
        "transits_approx": Rule(entries(code), "sum", "all entries; 'over 62,500' is a rounded lower bound"),
        "cumulative_certificates": Rule(registered, "sum", f"regular entries since the start date; {UNDERCOUNT}"),
        "daily_crossings_GR_to_MK": Rule(
            (Term("borders", "crossings", "Idomeni-Gevgelija"),),
            "sum",
            "regular crossings at Idomeni-Gevgelija on the day (counted by IOM staff at the border)",
        ),
        "daily_certificates": Rule(registered, "sum", "regular entries on the day (certificates issued)"),
        "two_week_crossings_SIA": Rule(
            registered, "sum", "regular entries; after the 19 Nov 2015 filter only Syrians, Iraqis, Afghans pass"
        ),
        "monthly_arrivals": Rule(entries(code), "sum", "all entries over the month (UNHCR arrivals)"),
        "cumulative_intent_to_seek_asylum": Rule(
            registered,
            "sum",
            "in 2015 Serbia registered people in transit as intending to seek asylum: regular entries; " + UNDERCOUNT,
            series="Serbia registrations since 1 Jan 2015",
        ),
        "cumulative_registered": Rule(
            registered,
            "sum",
            f"regular entries (MoI registrations); {UNDERCOUNT}",
            series="Serbia registrations since 1 Jan 2015",
        ),
        "daily_registrations": Rule(registered, "sum", "regular entries on the day"),
        "arrivals_from_MK": Rule(
            tuple(Term("borders", "crossings", b) for b in MK_TO_RS_BORDERS),
            "sum",
            "regular crossings from North Macedonia into Serbia (UNHCR count at Preševo)",
        ),
        "intercepted_from_Serbia_approx": Rule(
            entries("HU"), "sum", "all entries into Hungary (apprehensions count smuggled people too)"
        ),
        "cumulative_land_arrivals": Rule(
            entries("BG"),
            "sum",
            "all entries into Bulgaria; this figure sets bulgaria_land_arrivals_per_day, so it is not an "
            "independent test",
        ),
        "quarterly_arrivals": Rule(
            entries(code),
            "sum",
            "all entries into Bulgaria (land arrivals come at the constant rate bulgaria_land_arrivals_per_day)",
        ),
        "quarterly_irregular_crossings": Rule(
            entries("GR") + entries("BG"),
            "sum",
            "entries into Greece and Bulgaria; the model's inflow is forced from recorded Greek sea arrivals and "
            "a constant Bulgarian land rate, so this checks the forcing against Frontex, not the model; "
            "not in the metrics",
            FORCING,
        ),
        "stranded_at_border": Rule(
            (Term("borders", "stranded", "Idomeni-Gevgelija"), Term("borders", "queue", "Idomeni-Gevgelija")),
            "level",
            "people refused at Idomeni-Gevgelija and still waiting there, plus its queue",
        ),
        "remaining_in_camps": Rule(
            (Term("countries", "present", "GR"),),
            "level",
            "people present in Greece (after the 9 Mar 2016 closure all of them are held there)",
        ),
        "stranded_total": Rule(
            tuple(Term("countries", "present", c) for c in GREECE_AND_WESTERN_BALKANS),
            "level",
            "people present in GR, MK, RS, HR and SI, which IOM's DTM counted as stranded after the closure "
            "(the model's 'stranded' is narrower: refused and waiting)",
        ),
        "present_in_country": Rule(
            (Term("countries", "present", code),),
            "level",
            "people present in the country, including those who claimed asylum there",
        ),
        "asylum_intentions_ytd": Rule(
            (Term("countries", "asylum_claims", code),),
            "sum",
            "asylum claims since 1 Jan of the year: in 2016 Serbia no longer registered transits as asylum "
            "intentions (5,896 by July against >100,000 transits), so these are people who stopped",
            since_year_start=True,
        ),
        "readmitted_total": Rule(
            (Term("statuses", "returned"),),
            "level",
            "people returned to Turkey under the EU-Turkey statement, cumulative",
        ),
        "sea_arrivals_Dec2016": Rule(
            entries("GR"),
            "sum",
            "entries into Greece in Dec 2016: the inflow is forced from this very figure, so this checks the "
            "forcing; not in the metrics",
            FORCING,
            whole_month=True,
        ),
        "smuggling_incident": skip("a single dated incident, not a count the model produces"),
        "arrivals_Q3_vs_Q2_pct_change": skip("derived from the two quarterly Bulgarian figures compared already"),
    }
    if place == "GR-MK border" and measure == "stranded_at_border":
        # The source's own note: "likely Greece-wide"; 36,000 is the Greek government's count in Greece.
        return Rule(
            (Term("countries", "present", "GR"),),
            "level",
            "'stuck at the GR-MK border', likely Greece-wide (source note): people present in Greece",
        )
    rule = rules.get(measure)
    if rule is None:
        return skip(f"no rule for measure '{measure}': the model has no output defined for it")
    if rule.terms is not None and any(t.key == "" and t.table != "statuses" for t in rule.terms):
        return skip(f"place '{place}' is not a country of the model")
    return rule
