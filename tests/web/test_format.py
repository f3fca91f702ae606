"""Dutch dates and werkdagen wording without any OS locale."""

from __future__ import annotations

import datetime as dt

from api.web.format import age_in_words, basis_in_words, dutch_date, dutch_datetime, dutch_phrase, werkdagen_in_words


def test_dutch_date_has_short_weekday_and_month_name() -> None:
    assert dutch_date(dt.date(2026, 3, 3)) == "di 3 maart 2026"
    assert dutch_date("2026-12-27") == "zo 27 december 2026"
    assert dutch_date("2026-05-05T09:00:00", weekday=False) == "5 mei 2026"
    assert dutch_date(None) == ""


def test_dutch_datetime_adds_clock_time() -> None:
    assert dutch_datetime("2026-03-03T14:05:00+00:00") == "di 3 maart 2026 14:05"


def test_werkdagen_explained_with_skipped_holidays() -> None:
    text = werkdagen_in_words(3, "2026-04-24", "2026-04-30", [("2026-04-27", "Koningsdag")])
    assert text == ("3 werkdagen na vr 24 april 2026: uiterlijk do 30 april 2026 "
                    "(weekenden en feestdagen tellen niet mee; overgeslagen: Koningsdag 27 april 2026)")
    assert werkdagen_in_words(1).startswith("1 werkdag (")


def test_age_in_words() -> None:
    today = dt.date(2026, 11, 23)
    assert age_in_words("2026-11-23", today) == "vandaag"
    assert age_in_words("2026-11-22", today) == "gisteren"
    assert age_in_words("2026-11-01", today) == "22 dagen geleden"
    assert age_in_words("2026-05-01", today) == "6 maanden geleden"
    assert age_in_words(None, today) == "nooit"


def test_case_basis_from_the_domain_in_dutch_words() -> None:
    assert basis_in_words("3 werkdagen after 2026-04-24: 2026-04-30 (not counted: Koningsdag 2026-04-27)") == (
        "3 werkdagen na vr 24 april 2026: uiterlijk do 30 april 2026 "
        "(weekenden en feestdagen tellen niet mee; overgeslagen: Koningsdag 27 april 2026)")
    assert basis_in_words("2 weeks after the RET date 2026-10-13") == "2 weken na de RET-datum di 13 oktober 2026"
    assert basis_in_words("1 week(s) after x") == "1 week(s) after x"  # unknown wording is left as written
    assert dutch_phrase("A / B and the zorgaanbieder") == "A / B en de zorgaanbieder"
    assert basis_in_words("1 week(s) after the RET date 2026-10-13") == "1 week na de RET-datum di 13 oktober 2026"
