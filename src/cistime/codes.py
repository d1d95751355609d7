"""Country codes beyond ISO 3166, so exported tables merge with state-system data without a lookup.

The ledger's states section carries ISO alpha-2/alpha-3 and the COW state number; this table adds,
per ISO alpha-3 code, the COW state number again (so a test can catch a typo on either side), the
COW letter code and the Gleditsch-Ward number.

Where the codes come from:
- COW: Correlates of War Project, State System Membership List, v2016 (`ccode`, `stateabb`).
- Gleditsch-Ward: Kristian S. Gleditsch and Michael D. Ward (1999), "A Revised List of Independent
  States since the Congress of Vienna", International Interactions 25(4): 393-413, and the list
  its authors maintain.
- Both checked, state by state, against the code list of the countrycode package (Arel-Bundock,
  Enevoldsen and Yetman 2018, Journal of Open Source Software 3(28): 848), columns cown, cowc and gwn.

Serbia is the one state here whose codes differ: COW keeps Yugoslavia's number 345 and letters YUG
for Serbia, while Gleditsch-Ward give Serbia 340 from 2006 and keep 345 for Yugoslavia before it.
"""

from __future__ import annotations

from typing import NamedTuple


class Codes(NamedTuple):
    cow: int  # COW state number (ccode)
    cow_letters: str  # COW state abbreviation (stateabb)
    gw: int  # Gleditsch-Ward state number


CODES: dict[str, Codes] = {
    "ARM": Codes(371, "ARM", 371),
    "AZE": Codes(373, "AZE", 373),
    "BLR": Codes(370, "BLR", 370),
    "GEO": Codes(372, "GRG", 372),
    "KAZ": Codes(705, "KZK", 705),
    "KGZ": Codes(703, "KYR", 703),
    "MDA": Codes(359, "MLD", 359),
    "RUS": Codes(365, "RUS", 365),
    "TJK": Codes(702, "TAJ", 702),
    "TKM": Codes(701, "TKM", 701),
    "UKR": Codes(369, "UKR", 369),
    "UZB": Codes(704, "UZB", 704),
    "EST": Codes(366, "EST", 366),
    "LVA": Codes(367, "LAT", 367),
    "LTU": Codes(368, "LIT", 368),
    "AFG": Codes(700, "AFG", 700),
    "CUB": Codes(40, "CUB", 40),
    "IRN": Codes(630, "IRN", 630),
    "SRB": Codes(345, "YUG", 340),
}

PROVENANCE = ("COW state numbers and letter codes: Correlates of War Project, State System Membership "
              "List v2016. Gleditsch-Ward numbers: Gleditsch and Ward (1999), International Interactions "
              "25(4). Both checked against the countrycode package's code list (Arel-Bundock, Enevoldsen "
              "and Yetman 2018). Serbia: COW 345/YUG (Yugoslavia's codes), Gleditsch-Ward 340.")
