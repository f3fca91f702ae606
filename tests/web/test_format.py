"""Dutch dates and werkdagen wording without any OS locale."""

from __future__ import annotations

import datetime as dt

import pytest

from api.i18n import render
from api.web.format import (
    actor_name,
    age_in_words,
    coverage_note_in_dutch,
    dutch_date,
    dutch_datetime,
    error_in_dutch,
    rel_type_name,
    sheet_in_dutch,
)
from graph.messages import msg
from graph.queries.errors import NotFound
from graph.queries.invites import Coverage
from graph.queries.meetings import MeetingError, parse_day
from graph.werkdagen import count_werkdagen


def test_dutch_date_has_short_weekday_and_month_name() -> None:
    assert dutch_date(dt.date(2026, 3, 3)) == "di 3 maart 2026"
    assert dutch_date("2026-12-27") == "zo 27 december 2026"
    assert dutch_date("2026-05-05T09:00:00", weekday=False) == "5 mei 2026"
    assert dutch_date(None) == ""


def test_dutch_datetime_adds_clock_time() -> None:
    assert dutch_datetime("2026-03-03T14:05:00+00:00") == "di 3 maart 2026 14:05"


def test_werkdagen_explained_with_skipped_holidays() -> None:
    counted = count_werkdagen(dt.date(2026, 4, 24), 3)  # Friday; Koningsdag (Monday 27 April) is skipped
    assert counted.explanation.code == "case.basis.werkdagen_skipped"
    assert render(counted.explanation) == (
        "3 werkdagen na vr 24 april 2026: uiterlijk do 30 april 2026 "
        "(weekenden en feestdagen tellen niet mee; overgeslagen: Koningsdag 27 april 2026)")
    one = count_werkdagen(dt.date(2026, 3, 2), 1)
    assert render(one.explanation) == ("1 werkdag na ma 2 maart 2026: uiterlijk di 3 maart 2026 (weekenden en "
                                       "feestdagen tellen niet mee)")


def test_age_in_words() -> None:
    today = dt.date(2026, 11, 23)
    assert age_in_words("2026-11-23", today) == "vandaag"
    assert age_in_words("2026-11-22", today) == "gisteren"
    assert age_in_words("2026-11-01", today) == "22 dagen geleden"
    assert age_in_words("2026-05-01", today) == "7 maanden geleden"  # Babel rounds: 206 days ≈ 6.8 months
    assert age_in_words("2024-11-01", today) == "2 jaar geleden"
    assert age_in_words("2026-11-26", today) == "over 3 dagen"
    assert age_in_words(None, today) == "nooit"


def test_case_basis_from_the_domain_in_dutch_words() -> None:
    weeks = msg("case.basis.weeks", n=2, after="ret", start=dt.date(2026, 10, 13))
    assert render(weeks) == "2 weken na de RET-datum di 13 oktober 2026"
    assert render(msg("case.basis.weeks", n=1, after="ret", start="2026-10-13")) == (
        "1 week na de RET-datum di 13 oktober 2026")
    rolled = msg("case.basis.rolled", basis=weeks, rolled_from="2026-12-26", due="2026-12-28",
                 passed=["weekend", "Tweede kerstdag"])
    assert render(rolled).endswith(": za 26 december 2026 is geen werkdag (weekend en Tweede kerstdag), dus de "
                                   "eerstvolgende werkdag ma 28 december 2026")
    who = msg("case.party.via_gi_teamleider", party=msg("case.party.and_zorgaanbieder",
                                                         party=msg("case.party.people", names="A / B")))
    assert render(who) == "A / B en de zorgaanbieder via de teamleider van de GI"


# --- governance findings rendered from their codes and parameters ------------------------------------
def test_findings_in_dutch_from_code_and_parameters() -> None:
    text = render(msg("finding.toekomsttuin.minimum_staffing", missing=("gi", "veilig_thuis")))
    assert text.startswith("geen lid van Gecertificeerde instelling (GI) en Veilig Thuis: elke toekomsttuin")
    assert render(msg("finding.toekomsttuin.governance_levels", missing=("stuurgroep", "projectgroep",
                                                                         "kerngroep"))).startswith(
        "geen stuurgroep, projectgroep en kerngroep: ")
    scale = msg("finding.toekomsttuin.stuurgroep_scale", covers=("Jeugdhulpregio",), expected="Veiligheidsregio")
    assert render(scale).startswith("werkt voor een jeugdhulpregio, niet voor een veiligheidsregio")
    chair = msg("finding.tafel.voorzitter_independent", voorzitter="An Jansen", org_types=("gi", "rvdk"))
    assert render(chair).startswith(
        "voorzitter An Jansen werkt bij een organisatie van het type Gecertificeerde instelling (GI) en "
        "Raad voor de Kinderbescherming;")


def test_relationship_types_in_dutch() -> None:
    assert rel_type_name("MEMBER_OF") == "lid van"
    assert rel_type_name("WORKS_AT") == "werkt bij"
    assert rel_type_name("NEW_KIND_OF_LINK") == "new kind of link"


def test_not_found_in_dutch_with_suggestions() -> None:
    err = NotFound("gemeente", "GM9999", [("GM0228", "Ede"), ("GM0226", "Duiven")])
    assert err.message.code == "query.not_found.suggest" and err.message.args["key"] == "GM9999"
    assert error_in_dutch(err) == "Geen gemeente 'GM9999' gevonden. Bedoelt u GM0228 (Ede) of GM0226 (Duiven)?"
    assert error_in_dutch(NotFound("region or body", "XX")) == "Geen regio of overlegorgaan 'XX' gevonden."
    assert error_in_dutch(NotFound("spaceship", "XX")) == "Geen spaceship 'XX' gevonden."  # unknown kind as written
    assert error_in_dutch(ValueError("Van ligt na tot")) == "Van ligt na tot"


def test_coverage_note_in_dutch_names_the_gap_and_vacancies() -> None:
    vacancy = msg("invite.gap.vacant", since="2026-03-03", positions=["Jeugdbeschermer Ede"])

    def cell(status: str, found: int, vacancies: tuple = ()) -> Coverage:
        return Coverage("GM0228", "Ede", "gi", 2, status, tuple(f"prof-{i}" for i in range(found)), None,
                        vacancies=vacancies)

    assert coverage_note_in_dutch(cell("covered", 2)) == ""
    assert coverage_note_in_dutch(cell("missing", 0, (vacancy,))) == \
        "niemand gevonden; functie vacant sinds 3 maart 2026 (Jeugdbeschermer Ede)"
    assert coverage_note_in_dutch(cell("missing", 1)) == "1 van de 2 nodig"
    assert coverage_note_in_dutch(cell("backup", 2)) == ""  # the badge says it


def test_workbook_problems_and_reporters_in_dutch() -> None:
    assert render(msg("import.row.email_invalid", value="'x@'")) == "'x@' is geen e-mailadres"
    assert render(msg("import.row.date_invalid", value="'morgen'")).startswith(
        "'morgen' is geen datum (gebruik JJJJ-MM-DD")
    assert render(msg("import.row.column_missing")) == "verplichte kolom ontbreekt"
    assert render("a brand new check") == "a brand new check"
    assert sheet_in_dutch("sheet professionals") == "blad professionals"
    assert sheet_in_dutch("werkmap.xlsx") == "werkmap.xlsx"
    assert sheet_in_dutch("sheet professionals", "en") == "sheet professionals"  # the report's one wording
    assert actor_name("professional:Zeynep (test)") == "Zeynep (test)"
    assert actor_name("coordinator:Piet [token:0123456789ab]") == "Piet"  # the audit id is not for people
    assert actor_name("Wim: zonder rol") == "Wim: zonder rol"  # not a role before the colon
    assert actor_name(None) == ""


def test_coded_meeting_errors_in_dutch_and_other_errors_as_written() -> None:
    try:
        parse_day("morgen")
    except MeetingError as exc:
        assert exc.message == msg("meeting.not_a_date", what="date", value="morgen")
        assert error_in_dutch(exc) == "datum 'morgen' is geen datum (gebruik JJJJ-MM-DD)"
    else:
        raise AssertionError("parse_day accepted 'morgen'")
    late = MeetingError(msg("meeting.end_not_after_start", start="15:00", end="13:00"))
    assert error_in_dutch(late) == "de eindtijd 13:00 ligt niet na de begintijd 15:00"
    # A domain error is always coded now (a sentence is refused where it is raised); any other error as written.
    with pytest.raises(TypeError):
        MeetingError("something else")
    assert error_in_dutch(ValueError("something else")) == "something else"
