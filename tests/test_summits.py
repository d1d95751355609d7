"""Meetings: who came, who sent someone below the usual level, who stayed away, and the filters on them."""

import json

from conftest import MINI

MEETING = "attended: [AAA, CCC], absent: [BBB]"


def mini_with(tmp_path, presence):
    """The small ledger with its one meeting's presence lists replaced."""
    text = MINI.read_text(encoding="utf-8")
    assert MEETING in text
    path = tmp_path / "meetings.yaml"
    path.write_text(text.replace(MEETING, presence), encoding="utf-8")
    return path


def test_represented_is_read_and_shown(cli, tmp_path):
    path = mini_with(tmp_path, "attended: [AAA], represented: [CCC], absent: [BBB]")
    doc = json.loads(cli("summits", "--json", ledger=path).stdout)["summits"][0]
    assert (doc["attended"], doc["represented"], doc["absent"]) == (["AAA"], ["CCC"], ["BBB"])
    history = json.loads(cli("history", "Kosmoria", "--json", ledger=path).stdout)
    assert [s["id"] for s in history["summits"]] == ["club-2005"]
    table = cli("history", "Kosmoria", ledger=path).stdout
    assert "Meetings: attended 0, represented below the usual level at 1, recorded absent from 0" in table


def test_a_state_in_two_presence_lists_is_an_error(cli, tmp_path):
    path = mini_with(tmp_path, "attended: [AAA, CCC], represented: [CCC], absent: [BBB]")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "club-2005: state 'CCC' is listed more than once in attended, represented and absent" in result.stdout


def test_represented_names_only_known_states(cli, tmp_path):
    result = cli("validate", mini_with(tmp_path, "attended: [AAA], represented: [ZZZ]"))
    assert result.exit_code == 1 and "unknown state 'ZZZ'" in result.stdout


def test_filter_by_state_and_presence(cli, tmp_path):
    path = mini_with(tmp_path, "attended: [AAA], represented: [CCC], absent: [BBB]")

    def ids(*args):
        result = cli("summits", *args, "--json", ledger=path)
        assert result.exit_code == 0, result.stderr
        return [s["id"] for s in json.loads(result.stdout)["summits"]]

    assert ids("--state", "BBB", "--absent") == ["club-2005"]
    assert ids("--state", "BBB", "--attended") == []
    assert ids("--state", "CCC", "--represented") == ["club-2005"]
    assert ids("--state", "CCC", "--attended") == []
    assert ids("--state", "CCC", "--attended", "--represented") == ["club-2005"]
    assert ids("--state", "AAA", "--state", "BBB") == ["club-2005"]
    assert ids("--state", "AAA", "--state", "BBB", "--attended") == []


def test_presence_filter_needs_a_state(cli):
    result = cli("summits", "--absent", ledger=MINI)
    assert result.exit_code == 2 and "--absent needs --state" in result.stderr


# Facts from the shipped ledger.

def presence(ledger, summit_id):
    meeting = next(s for s in ledger.summits if s.id == summit_id)
    return set(meeting.attended), set(meeting.represented), set(meeting.absent)


def test_dushanbe_2011_eight_heads_and_three_prime_ministers(ledger):
    assert presence(ledger, "cis-hos-2011-09-03") == (
        {"RUS", "KAZ", "KGZ", "TKM", "UKR", "TJK", "ARM", "MDA"}, {"AZE", "UZB", "BLR"}, set())


def test_yerevan_2016_kazakhstan_sent_its_prime_minister(ledger):
    assert presence(ledger, "csto-csc-2016-10-14") == ({"ARM", "BLR", "KGZ", "RUS", "TJK"}, {"KAZ"}, set())


def test_kazan_2005_turkmenistan_alone_below_head_of_state(ledger):
    attended, represented, absent = presence(ledger, "cis-hos-2005-08-26")
    assert represented == {"TKM"} and absent == set() and len(attended) == 11


def test_chisinau_2009_announced_stand_ins_are_not_counted(ledger):
    attended, represented, absent = presence(ledger, "cis-hos-2009-10-09")
    assert absent == {"KAZ", "TJK", "TKM", "UZB"} and represented == set()


def test_sources_disagreeing_on_who_came_are_kept_as_variants(ledger):
    minsk = next(s for s in ledger.summits if s.id == "cis-hos-2001-05-31")
    assert "TJK" in minsk.absent and minsk.preferred
    assert [v.states for v in minsk.variants] == [("TJK",)]


def test_summits_uzbekistan_absent(cli):
    doc = json.loads(cli("summits", "--state", "UZB", "--absent", "--json").stdout)
    assert [s["id"] for s in doc["summits"]] == [
        "cisipa-session-1996-05", "cisipa-council-1997-03", "cst-security-council-secretaries-1999-01-19",
        "guam-summit-2005-04-22", "cis-hos-2009-10-09", "csto-informal-2010-08-20"]


def test_summits_turkmenistan_represented_at_cis_heads_of_state(cli):
    doc = json.loads(cli("summits", "--state", "Turkmenistan", "--represented", "--body", "CIS", "--json").stdout)
    assert all("TKM" in s["represented"] for s in doc["summits"])
    assert [s["date"] for s in doc["summits"] if s["kind"] == "heads-of-state"] == [
        "2001-05-31", "2005-08-26", "2006-11-28", "2015-10-16", "2016-09-16", "2018-09-28"]


def test_history_counts_represented_meetings(cli):
    out = cli("history", "Kazakhstan", "--body", "CSTO").stdout
    assert "represented below the usual level at 2" in out
    doc = json.loads(cli("history", "Kazakhstan", "--body", "CSTO", "--json").stdout)
    assert {"csto-csc-2013-09-23", "csto-csc-2016-10-14"} <= {s["id"] for s in doc["summits"]}


def test_a_cis_heads_of_state_meeting_every_year_to_the_day(ledger):
    """The council met every year from 1991 to 2025; each year has at least one session dated to the day."""
    days = {s.date.year for s in ledger.summits
            if s.body == "CIS" and s.kind == "heads-of-state" and s.date.precision == "day"}
    assert set(range(1991, 2026)) <= days


def test_cis_heads_of_state_meetings_are_dated_to_the_day(ledger):
    """Only the April 1993 Minsk meeting is still known just to the month."""
    vague = [s.id for s in ledger.summits
             if s.body == "CIS" and s.kind == "heads-of-state" and s.date.precision != "day"]
    assert vague == ["cis-hos-1993-04"]


def test_a_collective_security_council_session_every_year_from_2000(ledger):
    days = {s.date.year for s in ledger.summits
            if s.body in ("CST", "CSTO") and s.kind == "collective-security-council" and s.date.precision == "day"}
    assert set(range(2000, 2026)) <= days
    vague = [s.id for s in ledger.summits if s.kind == "collective-security-council" and s.date.precision != "day"]
    assert vague == []


CIS_HEADS_OF_STATE_SINCE_2000 = {
    "2000-01-25", "2000-06-21", "2000-12-01", "2001-05-31", "2001-11-30", "2002-10-07", "2003-01-29", "2003-09-19",
    "2004-09-16", "2005-08-26", "2006-11-28", "2007-10-05", "2008-10-10", "2009-10-09", "2010-12-10", "2011-09-03",
    "2012-12-05", "2013-10-25", "2014-10-10", "2015-10-16", "2016-09-16", "2017-10-11", "2018-09-28", "2019-10-11",
    "2020-12-18", "2021-10-15", "2022-10-14", "2023-10-13", "2024-10-08", "2025-10-10"}

COLLECTIVE_SECURITY_COUNCIL_SINCE_2000 = {
    "2000-05-24", "2000-10-11", "2001-05-25", "2002-05-14", "2002-10-07", "2003-04-28", "2004-06-18", "2005-06-23",
    "2006-06-23", "2007-10-06", "2008-09-05", "2009-02-04", "2009-06-14", "2010-12-10", "2011-12-20", "2012-05-15",
    "2012-12-19", "2013-09-23", "2014-12-23", "2015-09-15", "2016-10-14", "2016-12-26", "2017-11-30", "2018-11-08",
    "2018-12-06", "2019-11-28", "2020-12-02", "2021-08-23", "2021-09-16", "2022-01-10", "2022-05-16", "2022-09-13",
    "2022-10-28", "2022-11-23", "2023-11-23", "2024-11-28", "2025-11-27"}


def test_the_known_council_sessions_since_2000_are_all_there(ledger):
    """Regular and extraordinary sessions, each on its day (a session lost or blurred to a month fails)."""
    heads = {s.date.iso() for s in ledger.summits if s.body == "CIS" and s.kind == "heads-of-state"}
    security = {s.date.iso() for s in ledger.summits if s.kind == "collective-security-council"}
    assert CIS_HEADS_OF_STATE_SINCE_2000 <= heads
    assert COLLECTIVE_SECURITY_COUNCIL_SINCE_2000 <= security


def test_every_security_council_session_since_2000_says_who_came(ledger):
    """Except the two where no account found names the participants."""
    silent = {s.date.iso() for s in ledger.summits if s.kind == "collective-security-council"
              and s.date.year >= 2000 and not (s.attended or s.represented or s.absent)}
    assert silent <= {"2010-12-10", "2012-12-19"}


# The CIS Council of Heads of Government.

def test_heads_of_government_by_video_in_may_2020(ledger):
    """Seven heads of government on the link; Armenia, Kyrgyzstan and Turkmenistan sent deputies."""
    assert presence(ledger, "cis-hog-2020-05-29") == (
        {"RUS", "AZE", "BLR", "KAZ", "MDA", "TJK", "UZB"}, {"ARM", "KGZ", "TKM"}, set())


def test_heads_of_government_in_moscow_december_2024(ledger):
    """Armenia's deputy prime minister and Turkmenistan's ambassador led their delegations."""
    meeting = next(s for s in ledger.summits if s.id == "cis-hog-2024-12")
    assert meeting.date.iso() == "2024-12-12"
    assert presence(ledger, "cis-hog-2024-12") == (
        {"AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"}, {"ARM", "TKM"}, set())


def test_heads_of_government_in_burabay_2015(ledger):
    """Seven prime ministers; three deputies and Ukraine's charge d'affaires below the usual level."""
    assert presence(ledger, "cis-hog-2015-05-29") == (
        {"ARM", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK"}, {"AZE", "TKM", "UZB", "UKR"}, set())


def test_announced_heads_of_government_sessions_record_no_presence(ledger):
    """Where only a notice before the meeting was found, nobody is counted as having come."""
    for summit_id in ("cis-hog-2002-05-30", "cis-hog-2006-05-25", "cis-hog-2018-06-01", "cis-hog-2026-05-22"):
        assert presence(ledger, summit_id) == (set(), set(), set()), summit_id


def test_a_heads_of_government_session_every_year_to_the_day(ledger):
    """From 1992 to 2026 every year has a session dated to the day, except 2001 (month or year only);
    since 2007 the usual two a year are both dated to the day in the years listed."""
    days = {s.date.year for s in ledger.summits
            if s.body == "CIS" and s.kind == "heads-of-government" and s.date.precision == "day"}
    assert set(range(1992, 2027)) - {2001} <= days
    twice = [year for year in range(2007, 2026)
             if sum(1 for s in ledger.summits if s.body == "CIS" and s.kind == "heads-of-government"
                    and s.date.year == year and s.date.precision == "day") >= 2]
    assert twice == [2007, 2008, 2009, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2020, 2021, 2022, 2023, 2024, 2025]


CIS_HEADS_OF_GOVERNMENT_SINCE_2010 = {
    "2010-05-21", "2011-05-19", "2011-10-18", "2012-05-30", "2012-09-28", "2013-05-31", "2014-05-30", "2014-11-21",
    "2015-05-29", "2015-10-30", "2016-06-07", "2016-10-28", "2017-05-26", "2017-11-03", "2018-06-01", "2018-11-02",
    "2019-05-31", "2020-05-29", "2020-11-06", "2021-05-28", "2021-11-12", "2022-05-20", "2022-10-28", "2023-06-08",
    "2023-12-18", "2024-05-24", "2024-12-12", "2025-06-05", "2025-09-29", "2026-05-22"}


def test_the_known_heads_of_government_sessions_since_2010_are_all_there(ledger):
    dates = {s.date.iso() for s in ledger.summits if s.body == "CIS" and s.kind == "heads-of-government"}
    assert CIS_HEADS_OF_GOVERNMENT_SINCE_2010 <= dates


def test_eurasian_council_in_yerevan_2019_all_five_leaders(ledger):
    assert presence(ledger, "eaeu-summit-2019-10-01") == ({"ARM", "RUS", "BLR", "KAZ", "KGZ"}, set(), set())


def test_eurasian_council_sessions_since_2019_are_dated_to_the_day(ledger):
    dates = {s.date.iso() for s in ledger.summits if s.body == "EAEU" and s.kind == "heads-of-state"}
    assert {"2019-05-29", "2019-10-01", "2019-12-20", "2020-05-19", "2020-12-11"} <= dates


def test_eurasian_council_in_bishkek_2022_and_its_online_predecessor(ledger):
    assert presence(ledger, "eaeu-summit-2022-12-09") == ({"RUS", "ARM", "BLR", "KAZ", "KGZ"}, set(), set())
    assert presence(ledger, "eaeu-summit-2022-05-27") == (set(), set(), set())


def test_heads_of_government_by_video_in_november_2020(ledger):
    """Kyrgyzstan's prime minister (also acting president) counts as its head of government."""
    assert presence(ledger, "cis-hog-2020-11-06") == (
        {"RUS", "AZE", "BLR", "KAZ", "MDA", "TJK", "UZB", "KGZ"}, {"ARM", "TKM"}, set())


def test_heads_of_government_in_tashkent_2017_and_ashgabat_2019(ledger):
    assert presence(ledger, "cis-hog-2017-11-03") == (
        {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"}, {"AZE", "TKM", "MDA"}, set())
    attended, represented, absent = presence(ledger, "cis-hog-2019-05-31")
    assert represented == {"ARM", "KGZ", "TJK", "MDA"} and "TKM" in attended and absent == set()


def test_yalta_2007_dated_by_reports_from_the_day_with_the_later_date_kept(ledger):
    yalta = next(s for s in ledger.summits if s.id == "cis-hog-2007-05-27")
    assert yalta.date.iso() == "2007-05-25" and yalta.represented == ("UKR",) and yalta.preferred
    assert [v.date.iso() for v in yalta.variants] == ["2007-05-27"]


def test_heads_of_government_in_astana_2018(ledger):
    assert presence(ledger, "cis-hog-2018-11-02") == (
        {"KAZ", "RUS", "AZE", "BLR", "KGZ", "TJK", "UZB"}, {"ARM", "TKM", "MDA"}, {"UKR"})


CIS_HEADS_OF_GOVERNMENT_FOUND_1992_2006 = {
    "cis-hog-1992-06-26": ("1992-06-26", "Minsk"),
    "cis-hog-1994-04-15": ("1994-04-15", "Moscow"),
    "cis-hog-1996-01-19": ("1996-01-19", "Moscow"),
    "cis-hog-2004-04-16": ("2004-04-16", "Cholpon-Ata"),
}


def test_heads_of_government_sessions_found_1992_2006(ledger):
    """Sessions found in decision texts, approval acts and reports, each on its day and in its place."""
    found = {s.id: (s.date.iso(), s.place) for s in ledger.summits
             if s.body == "CIS" and s.kind == "heads-of-government" and s.id in CIS_HEADS_OF_GOVERNMENT_FOUND_1992_2006}
    assert found == CIS_HEADS_OF_GOVERNMENT_FOUND_1992_2006

def test_heads_of_government_by_video_in_may_2022(ledger):
    """Seven heads of government on the link; Armenia and Turkmenistan sent deputies."""
    meeting = next(s for s in ledger.summits if s.id == "cis-hog-2022-05-20")
    assert meeting.date.iso() == "2022-05-20" and meeting.place == "videoconference"
    assert presence(ledger, "cis-hog-2022-05-20") == (
        {"AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"}, {"ARM", "TKM"}, set())


def test_heads_of_government_in_minsk_may_2014_counts_nobody_from_the_expected_line_up(ledger):
    meeting = next(s for s in ledger.summits if s.id == "cis-hog-2014-05-30")
    assert meeting.date.iso() == "2014-05-30" and meeting.place == "Minsk"
    assert presence(ledger, "cis-hog-2014-05-30") == (set(), set(), set())


def test_extraordinary_heads_of_government_session_of_december_2023_dated_to_the_18th(ledger):
    meeting = next(s for s in ledger.summits if s.id == "cis-hog-2023-12")
    assert meeting.date.iso() == "2023-12-18" and meeting.date.precision == "day"
    assert presence(ledger, "cis-hog-2023-12") == (
        {"RUS", "AZE", "BLR", "KAZ", "TJK"}, {"TKM", "KGZ", "UZB", "ARM"}, set())


def test_eurasian_council_sessions_of_2014_to_2016_are_dated_to_the_day(ledger):
    dates = {s.date.iso(): s.place for s in ledger.summits if s.body == "EAEU" and s.kind == "heads-of-state"}
    assert {day: dates.get(day) for day in ("2014-10-10", "2014-12-23", "2015-12-21", "2016-05-31", "2016-12-26")} == {
        "2014-10-10": "Minsk", "2014-12-23": "Moscow", "2015-12-21": "Moscow", "2016-05-31": "Astana (Akorda)",
        "2016-12-26": "St Petersburg"}


def test_eurasian_council_in_st_petersburg_2016_without_belarus(ledger):
    assert presence(ledger, "eaeu-summit-2016-12-26") == ({"RUS", "ARM", "KAZ", "KGZ"}, set(), {"BLR"})


def test_eurasec_sessions_of_2003_and_2009(ledger):
    days = {(s.kind, s.date.iso()) for s in ledger.summits if s.body == "EURASEC"}
    assert {("heads-of-state", "2003-04-27"), ("heads-of-state", "2009-02-04"),
            ("heads-of-government", "2009-06-09")} <= days
    assert presence(ledger, "eurasec-summit-2009-02-04") == (
        {"RUS", "BLR", "KAZ", "KGZ", "TJK", "ARM"}, set(), set())
