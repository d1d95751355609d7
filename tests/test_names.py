"""Suggestions for names the ledger does not know: only close matches, and a plain word when there are none."""

import pytest

from cistime import UnknownName
from cistime.names import slips


@pytest.mark.parametrize("typed,meant", [
    ("Rusia", ["Russia"]), ("Armnia", ["Armenia"]), ("Ukriane", ["Ukraine"]), ("Kyrgystan", ["Kyrgyzstan"]),
    ("Byelorusia", ["Belarus"]), ("uzbek", ["Uzbekistan"]), ("Tadjikstan", ["Tajikistan"]),
])
def test_a_slip_suggests_the_state_meant_and_nothing_else(ledger, typed, meant):
    with pytest.raises(UnknownName) as caught:
        ledger.state(typed)
    assert caught.value.suggestions == meant
    assert str(caught.value) == f"no state named '{typed}' (did you mean '{meant[0]}'?)"


@pytest.mark.parametrize("typed", ["US", "USA", "Crimea", "Abkhazia", "Narnia", "CSTO"])
def test_a_name_far_from_any_state_suggests_nothing_and_says_so(ledger, typed):
    with pytest.raises(UnknownName) as caught:
        ledger.state(typed)
    assert caught.value.suggestions == []
    assert str(caught.value) == f"no state named '{typed}': it is not one of the 19 states the ledger covers"


def test_bodies_get_the_same_treatment(ledger):
    with pytest.raises(UnknownName, match=r"did you mean 'CSTO'\?\)$"):
        ledger.body("CTSO")
    with pytest.raises(UnknownName, match="^no body named 'NATO': it is not one of the 11 bodies the ledger covers$"):
        ledger.body("NATO")


def test_cli_says_so_in_one_line(cli):
    result = cli("history", "US")
    assert result.exit_code == 2
    assert result.stderr == "cistime: error: no state named 'US': it is not one of the 19 states the ledger covers\n"


@pytest.mark.parametrize("a,b,count", [("rusia", "russia", 1), ("ctso", "csto", 1), ("crimea", "armenia", 4),
                                       ("same", "same", 0), ("narnia", "armenia", 3)])
def test_slips_counts_letters_left_out_added_changed_or_swapped(a, b, count):
    assert slips(a, b, 5) == count
