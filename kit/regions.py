"""Which continent each producing country is on, for coverage figures and charts.

ISO 3166-1 alpha-2 codes of the countries that occur in the dataset (and
their neighbours likely to be added), mapped to a continent. Used by the
dataset's coverage test and ``tools/dataset_figures.py``; a country missing
here is reported by the test, so the map grows with the data.
"""

from __future__ import annotations

CONTINENTS = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America")

_BY_CONTINENT = {
    "Africa": "DZ AO BF BJ CD CI CM EG ET GH KE MA ML MZ NG SD SN TN TZ UG ZA ZM ZW",
    "Asia": "AE AF BD CN HK ID IL IN IQ IR JO JP KH KR KZ LB LK MM MN MY NP PH PK PS QA SA SG SY "
            "TH TR TW UZ VN",
    "Europe": "AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IS IT LT LU LV MD ME "
              "MK MT NL NO PL PT RO RS RU SE SI SK UA",
    "North America": "CA CR CU DO GT HN HT JM MX NI PA PR SV TT US",
    "Oceania": "AU FJ NZ PG WS",
    "South America": "AR BO BR CL CO EC PE PY UY VE",
}

#: ISO 3166-1 alpha-2 code -> continent.
CONTINENT = {code: continent for continent, codes in _BY_CONTINENT.items() for code in codes.split()}


def continent(code: str) -> str | None:
    """The continent of a producing country's ISO code, or None if the map lacks it."""
    return CONTINENT.get(str(code).upper())
