import datetime as dt

import pytest

from cistime.dates import DateError, PartialDate, parse_user_date, parse_user_period


def test_partial_dates_keep_their_precision():
    assert PartialDate.parse("1992-10").precision == "month"
    assert PartialDate.parse("1992").precision == "year"
    assert PartialDate.parse(dt.date(1992, 10, 7)).iso() == "1992-10-07"
    assert PartialDate.parse("1992-10").first_day() == dt.date(1992, 10, 1)
    assert PartialDate.parse("1992-02").last_day() == dt.date(1992, 2, 29)
    assert PartialDate.parse("1999").last_day() == dt.date(1999, 12, 31)


@pytest.mark.parametrize("bad", ["1992-13", "1999-02-30", "92-1-1", "", "May 1992"])
def test_partial_date_refuses_nonsense(bad):
    with pytest.raises(DateError):
        PartialDate.parse(bad)


@pytest.mark.parametrize("text,day", [("1999-06-01", "1999-06-01"), ("1 June 1999", "1999-06-01"),
                                      ("June 1, 1999", "1999-06-01"), ("2010-1-5", "2010-01-05")])
def test_user_dates(text, day):
    assert parse_user_date(text) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("text,fragment", [("1999-02-30", "not a real date"), ("99-1-1", "ambiguous"),
                                           ("", "empty"), ("1999", "single day"), ("June 1999", "single day"),
                                           ("yesterday-ish", "tool can read"), ("199", "year, month and day"),
                                           ("01/06/1999", "ambiguous"), ("01-06-1999", "ambiguous"),
                                           ("31.02.1999", "not a real date")])
def test_user_dates_refused_with_reason(text, fragment):
    with pytest.raises(DateError, match=fragment) as caught:
        parse_user_date(text)
    assert "--" not in str(caught.value)  # no option is named unless the command has it


def test_a_hint_names_the_period_option_only_when_given():
    with pytest.raises(DateError, match="use --during 1999 for a period"):
        parse_user_date("1999", "--during")


@pytest.mark.parametrize("text,day", [("01.06.1999", "1999-06-01"), ("1.6.1999", "1999-06-01"),
                                      ("13/06/1999", "1999-06-13"), ("06/13/1999", "1999-06-13"),
                                      ("05/05/1999", "1999-05-05"), ("1 июня 1999", "1999-06-01"),
                                      ("20 апреля 1994 г.", "1994-04-20")])
def test_dates_as_the_region_writes_them(text, day):
    """Dots are day first; slashes only where day and month cannot be swapped; Russian month names."""
    assert parse_user_date(text) == dt.date.fromisoformat(day)


def test_today_and_yesterday():
    assert parse_user_date("today") == dt.date.today()
    assert parse_user_date("Yesterday") == dt.date.today() - dt.timedelta(days=1)


def test_a_huge_date_is_refused_without_being_echoed():
    with pytest.raises(DateError) as caught:
        parse_user_date("1" * 1_000_000)
    assert len(str(caught.value)) < 200


def test_user_periods():
    assert parse_user_period("1999") == (dt.date(1999, 1, 1), dt.date(1999, 12, 31))
    assert parse_user_period("1999-04") == (dt.date(1999, 4, 1), dt.date(1999, 4, 30))
    assert parse_user_period("06.1999") == (dt.date(1999, 6, 1), dt.date(1999, 6, 30))
    with pytest.raises(DateError):
        parse_user_period("1999-13")
    with pytest.raises(DateError, match="1999, 1999-04 or 1999-04-20"):
        parse_user_period("199")




def test_the_last_years_end_on_the_last_day_there_is():
    assert PartialDate.parse("9999").last_day() == dt.date(9999, 12, 31)
    assert PartialDate.parse("9999-12").last_day() == dt.date(9999, 12, 31)
    assert PartialDate.parse("0001").first_day() == dt.date(1, 1, 1)
    assert PartialDate(9999).covers(dt.date.max)


@pytest.mark.parametrize("text", ["0000", "0000-01", "0000-01-01"])
def test_year_zero_is_refused_with_the_reason(text):
    with pytest.raises(DateError, match="year 0"):
        PartialDate.parse(text)


@pytest.mark.parametrize("parts", [(0,), (10000,), (-5, 1), (2000, 13), (2001, 2, 29), (2000, None, 5)])
def test_a_partial_date_is_always_a_real_one(parts):
    with pytest.raises(DateError):
        PartialDate(*parts)
