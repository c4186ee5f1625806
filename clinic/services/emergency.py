"""The emergency number a handout prints: the clinic's own, else its country's usual one.

A patient with chest pain reads "Get help now" and needs a number, not "call
emergency services". The clinic admin picks the clinic's country, which gives
the number most people there dial for an ambulance; a clinic may type another
(a local service, or a country not listed), which always wins.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

# ISO 3166 country code -> the number to dial for an ambulance there.
EU_112 = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
          "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS")
COUNTRY_NUMBERS: dict[str, str] = {
    "US": "911", "CA": "911", "MX": "911", "PH": "911",
    "GB": "999",
    "AU": "000", "NZ": "111",
    "IN": "112",
    "JP": "119", "KR": "119",
    "CH": "144",
    **dict.fromkeys(EU_112, "112"),
}
NUMBER_SHAPE = re.compile(r"^[0-9]{2,6}$")


def country_number(country: str | None) -> str:
    """The usual emergency number of a country, or "" when the table does not know it."""
    return COUNTRY_NUMBERS.get((country or "").upper(), "")


def emergency_number(country: str | None, own_number: str | None) -> str:
    """What prints under "Get help now": the clinic's own number first, then its country's."""
    own = (own_number or "").strip()
    return own or country_number(country)


def valid_number(text: str) -> bool:
    """2 to 6 digits and nothing else: what a patient dials, never a word or a phone line with spaces."""
    return bool(NUMBER_SHAPE.match(text.strip()))


def country_choices(language: str) -> list[tuple[str, str]]:
    """(code, "Country name (number)") for every country in the table, named in ``language``, by name."""
    try:
        names = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    rows = [(code, f"{names.get(code, code)} ({number})") for code, number in COUNTRY_NUMBERS.items()]
    return sorted(rows, key=lambda row: row[1])
