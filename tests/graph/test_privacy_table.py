"""The one privacy check (graph/privacy.py), table-driven: what it refuses per rule and the near misses
it must accept. The write-path tests (store, GraphQL, pages, import, CLI) are in test_privacy_paths.py."""

from __future__ import annotations

import random

import pytest

from api.i18n import render
from graph.messages import MESSAGES
from graph.privacy import Policy, PrivacyError, Rule, check_text, find_problem


def _bsns(n: int, seed: int) -> list[str]:
    """BSN-shaped numbers made from the eleven-test itself (no person's number)."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        first8 = [rng.randrange(10) for _ in range(8)]
        last = sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), first8, strict=True)) % 11
        if last < 10 and any(first8) and first8[0] != 0:
            out.append("".join(map(str, first8)) + str(last))
    return out


_B = _bsns(60, seed=11)
# {b}: 9 digits; {q}.{r}.{s}: the 4-2-3 notation; {x} {y} {z}: 3-3-3.
_SHAPES = [
    "{b}", "{q}.{r}.{s}", "{q} {r} {s}", "{x} {y} {z}", "{x}-{y}-{z}", "{x}.{y}.{z}",
    "BSN {b}", "bsn: {b}", "BSN-nummer {q}.{r}.{s}", "kind met bsn {x} {y} {z} aangemeld",
    "Burgerservicenummer {b}", "zie {b}", "({b})", "{b}, moeder belde", "nr {x}-{y}-{z}.",
    "bsn {b} tel 06-12345678", "06-12345678 / {b}", "notitie: {q} {r} {s}", "BSN:{b}", "{q}-{r}-{s}",
]
BSN_CASES = [shape.format(b=b, q=b[:4], r=b[4:6], s=b[6:], x=b[:3], y=b[3:6], z=b[6:])
             for shape, b in zip(_SHAPES * 3, _B, strict=True)]


def _zero_led(n: int) -> list[str]:
    rng = random.Random(9)
    out: list[str] = []
    while len(out) < n:
        first8 = [0] + [rng.randrange(10) for _ in range(7)]
        last = sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), first8, strict=True)) % 11
        if last < 10 and first8[1] != 0:
            out.append("".join(map(str, first8)) + str(last))
    return out


BSN_CASES += [f"oud bsn {b[1:]}" for b in _zero_led(5)]
BSN_CASES += [f"{_B[0]}@example.nl", f"kind.{_B[1]}@school.example"]  # a BSN as (part of) an e-mail address
BSN_CASES += _zero_led(8)[5:]  # nine digits starting with 0: one digit short of a Dutch phone number

BIRTH_CASES = [
    "geboren 12-03-2015", "Geboren op 12-03-2015", "geb. 12-3-2015", "geb 12.03.2015", "geb. 12/03/2015",
    "geboren 3 maart 2016", "geboren op 3 mrt 2016", "geb. 3 mrt. 2016", "Geboortedatum: 2015-03-12",
    "geboortedatum 12-03-15", "geb.datum 01-02-2019", "geboren in 2014", "geboortejaar 2016",
    "kind (geb. 01-02-2019) aangemeld", "jongen, geboren 5 januari 2012", "meisje geb 14-11-2010",
    "DOB 12/03/2015", "dob: 2015-03-12", "D.O.B. 3 May 2015", "born 3 May 2015", "born on 12-03-2015",
    "date of birth 12-03-2015", "birth date: 2015-03-12", "birthdate 12.03.2015", "birthday May 3, 2015",
    "GEBOREN 12-03-2015", "Geb. 1-1-2020", "geboren 29 februari 2016", "geboren op de 3e maart 2016",
    "verjaardag 12-03-2015", "jarig 12 maart 2015", "geboorte 2013", "geb. '15", "geboren: 2015",
    "aanmelding broertje, geboren 12-03-2018", "zus geb. 07-07-2007", "geboren 31-12-2009 in Arnhem",
    "geboren 2 april 2011", "geb. 2 apr 2011", "geboren 15 aug 2014", "geboren 15 augustus 2014",
    "geboren 1 okt 2017", "geboren 1 oktober 2017", "geboren 9 sept 2013", "geboren 20 dec 2012",
    "geboortedatum: 3 juni 2019", "geboren 11-11-11", "Geb: 2016-06-30", "geboren te Ede op 4-5-2016",
    "geboren 12 - 03 - 2015",
]
# In case fields any date may be a child's birth date: the case has its own date fields for its dates.
CASE_DATE_CASES = [
    "12-03-2015", "3 maart 2016", "12/03/15", "1-1-2020", "2015-03-12", "12.03.2015", "5 jan 2012",
    "stap 2 sinds 12-03-2015", "zie 14-11-2010", "March 3, 2015",
]

ADDRESS_CASES = [
    "Kerkstraat 12", "kerkstraat 12", "Kerkstraat 12a", "Kerkstraat 12 A", "Kerkstraat 12-2", "Dorpsweg 3",
    "Stationsplein 1", "Keizersgracht 123", "Amsteldijk 45", "Hoofdstraat 7 bis", "Julianalaan 88",
    "Oude Kerkstraat 5", "Burgemeester de Bruinlaan 14", "Laan van Meerdervoort 12", "Dorpsplein 3",
    "Marktplein 2, Ede", "Zuidsingel 9", "Beukendreef 31", "Molensteeg 4", "Rozenhof 17", "Eikenpark 3",
    "Kastanjelaan 101", "woont Kerkstraat 12", "woont op Dorpsweg 3 bij oma", "adres: Lindelaan 4",
    "verblijft Wilhelminakade 7", "Vondelstraat 12 hs", "Singelpark 2", "Havenkade 14", "Gelderseweg 22",
    "6811 AB 12", "6811AB 12", "6811 AB, 12", "6811 AB nr. 12", "6811ab 12", "12, 6811 AB", "3511 LX 4a",
    "1012 JS 1", "postcode 6711 AA huisnummer 3", "6711AA 3", "woont in Ede, Beatrixstraat 3",
    "kind woont Schoolstraat 2 bij vader", "Prinsengracht 263", "Coolsingel 40", "Lange Voorhoutstraat 9",
    "Spoorlaan 2b", "Esdoornpad 6", "Rijnkade 1-3", "Industrieweg 12, 6715 AB Ede", "Tolhuisweg 8",
]
_ADDRESS_DIGITLESS_OK = ["6711AA 3"]  # postcode glued to a number: caught as a postcode with number

CASE_POSTCODE_CASES = ["6811 AB", "6811AB", "postcode 3511 LX", "1012 JS Amsterdam", "7311 BC"]

NAME_CASES = [
    "Jan Jansen", "Sanne", "sanne de Vries kind van Sanne", "J.P. de Vries", "Sanne van der Berg", "van Dijk",
    "de Vries", "Pietje Puk", "Mohamed El Amrani", "Anne-Marie Bakker", "  Emma  ", "JAN JANSEN", "jan jansen",
    "SANNE", "sanne", "emma", "EMMA DE VRIES", "emma de vries", "kind van emma", "Lucas", "lucas bakker",
    "Noah", "Julia", "Sophie", "Mila", "Tess", "Liam", "Finn", "Daan Visser", "Lotte Mulder", "Thomas Smit",
    "Levi de Boer", "Zoë", "Milan Meijer", "Yara", "Fatima", "Ahmed", "Mohammed", "Ayoub", "Sara",
    "P. Jansen", "M. de Groot", "de Groot", "van den Broek", "van der Linden-Bos", "Mevrouw Jansen",
    "Jansen, Piet", "ruben en zijn zus", "Kind: Sem", "Lieke Hendriks",
]

# Near misses: free text (meeting names/notes, body notes, remarks) that must pass.
FREE_OK = [
    "0800-2000", "06-12345678", "06 12345678", "06 1234 5678", "+31 6 12345678", "+31 (0)26 123 45 67",
    "026-1234567", "(026) 123 45 67", "0900-1234567", "0031 6 12345678", "088-1234567", "bel 0800-1234",
    "JB-7KQ2-M4PX", "casus JB-ABCD-EFGH besproken", "bijeenkomst 12-03-2026", "overleg op 12-03-2026 14:30",
    "2026-03-12", "2026-03-12T14:30:00+00:00", "2026-12-03T06:18:48.123456+00:00", "14:30-16:30",
    "9.30 uur", "Samenwerkingsbijeenkomst Noord-Veluwe 2026-03-12", "route 301", "route 315", "stap 3",
    "week 12", "ronde 2", "kamer 2.14", "versie 1.2.3", "jaar 2026", "zaaknummer 2026-001234",
    "6811 AB Arnhem", "Postbus 123, 6800 AC Arnhem", "Overleg met Jan de Vries", "Jan de Vries (VT)",
    "JZ28", "GM0228", "VR07", "€ 1.250,00", "kosten 123.456,78", "10.0.0.12", "192.168.100.200",
    "toekomsttuin 2026", "Toekomsttuin Gelderland 2026", "vergadering 2", "training 3", "2 uur", "8 uur per jaar",
    "info@lokaalteam-ede.nl", "https://www.veiligthuisgelderland.nl/contact", "Nieuwe Stationsstraat, Ede",
    "Rotterdam 2026", "Amsterdam 3", "geboorteland Nederland", "geboortezorg overleg 12-03-2026",
    "openingstijden 8:30 - 17:00", "KvK 09123456", "AGB-code 12345678", "notitie van 01-02-2026",
    "2e verdieping", "bus 3", "lijn 12", "Kerkstraat", "Dorpsweg (zijingang)", "in 2015 en 2016",
    "luuk.berloo.12345@syn-lt-gm0228.example", "prof-syn-012345", "JB-MSSD-HARM",
]
# Case fields: codes, routes, steps and the case's own dates.
CASE_OK = [
    ("ref", "JB-7KQ2-M4PX"), ("route", "301"), ("route", "315"), ("status", "open"), ("status", "closed"),
    ("opened", "2026-03-14"), ("opened", "14-03-2026"), ("opened", "2025-12-31"), ("gemeente", "GM0228"),
    ("step", "aanmelding"), ("step", "jeugdbeschermingstafel"), ("step", "onderzoek raad"), ("step", "3"),
    ("step", "Veilig Thuis"), ("step", "Jeugdbeschermingstafel Arnhem"), ("step", "Overdracht naar GI"),
    ("step", "Raad voor de Kinderbescherming"), ("step", "Onderzoek"), ("step", "5B"), ("step", "2-4"),
    ("role", "jeugdbeschermer"), ("role", "lt_medewerker"), ("role", "gedragswetenschapper"),
    ("step", "ondertoezichtstelling"), ("step", "uithuisplaatsing"), ("step", "plan van aanpak"),
    ("step", "mark als afgerond"), ("step", "wil overdragen"), ("ref", "JB-MSSD-HARM"), ("ref", "JB-KEES-7Q2M"),
]

VENUE_OK = ["Stadhuis, Markt 1, 6811 AB Arnhem", "Kerkstraat 12, Ede", "Provinciehuis, Marktplein 11",
            "Het Gelderse Hof, Stationsplein 4", "6711 AA 3"]


def _rule(value: str, policy: Policy = Policy.FREE) -> Rule | None:
    return find_problem(value, policy)


def test_tables_are_big_enough() -> None:
    for table in (BSN_CASES, BIRTH_CASES, ADDRESS_CASES, NAME_CASES, FREE_OK):
        assert len(table) >= 50
    assert len(CASE_OK) + len(VENUE_OK) >= 30


@pytest.mark.parametrize("value", BSN_CASES)
def test_bsn_in_any_notation_is_refused_everywhere(value: str) -> None:
    for policy in Policy:
        assert _rule(value, policy) is Rule.BSN, (value, policy)


@pytest.mark.parametrize("value", [v for v in BSN_CASES if sum(ch.isdigit() for ch in v) == 9][:20])
def test_one_digit_off_is_not_a_bsn(value: str) -> None:
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    i = digits[-1]
    wrong = value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1:]
    assert _rule(wrong) is not Rule.BSN


@pytest.mark.parametrize("value", BIRTH_CASES)
def test_birth_dates_are_refused_everywhere(value: str) -> None:
    for policy in Policy:
        assert _rule(value, policy) is Rule.BIRTH_DATE, (value, policy)


@pytest.mark.parametrize("value", CASE_DATE_CASES)
def test_bare_dates_are_refused_in_case_fields_only(value: str) -> None:
    assert _rule(value, Policy.CASE) in (Rule.DATE, Rule.NAME)
    assert _rule(value, Policy.FREE) is None  # meeting notes name dates all the time


@pytest.mark.parametrize("value", ADDRESS_CASES)
def test_home_addresses_are_refused_in_free_text_and_case_fields(value: str) -> None:
    assert _rule(value, Policy.FREE) is Rule.ADDRESS, value
    assert _rule(value, Policy.CASE) in (Rule.ADDRESS, Rule.NAME)


@pytest.mark.parametrize("value", CASE_POSTCODE_CASES)
def test_a_bare_postcode_is_refused_in_case_fields_only(value: str) -> None:
    assert _rule(value, Policy.CASE) in (Rule.POSTCODE, Rule.NAME)
    assert _rule(value, Policy.FREE) is None  # an organisation's postcode in a note is fine


@pytest.mark.parametrize("value", NAME_CASES)
def test_names_are_refused_in_case_fields(value: str) -> None:
    assert _rule(value, Policy.CASE) is Rule.NAME, value
    with pytest.raises(PrivacyError) as err:
        check_text("step", value, Policy.CASE, "Case")
    assert err.value.code == "privacy.name"
    assert err.value.params == {"field": "step", "rule": "name", "where": "Case"}


@pytest.mark.parametrize("value", FREE_OK)
def test_near_misses_pass_in_free_text(value: str) -> None:
    assert _rule(value, Policy.FREE) is None, value


@pytest.mark.parametrize("field,value", CASE_OK)
def test_near_misses_pass_in_case_fields(field: str, value: str) -> None:
    from graph.privacy import policy_for

    policy = policy_for("Case", field)
    assert policy is not None
    assert _rule(value, policy) is None, (field, value)


@pytest.mark.parametrize("value", VENUE_OK)
def test_a_venue_may_have_an_address(value: str) -> None:
    assert _rule(value, Policy.VENUE) is None
    assert _rule(value, Policy.FREE) is Rule.ADDRESS


def test_refusal_names_field_and_rule_in_dutch_and_english() -> None:
    with pytest.raises(PrivacyError) as err:
        check_text("notes", "geboren 12-03-2015", Policy.FREE, "Meeting")
    e = err.value
    assert (e.code, e.params) == ("privacy.birth_date", {"field": "notes", "rule": "birth_date", "where": "Meeting"})
    assert render(e.message, "nl").startswith("notes: geweigerd, dit lijkt op een geboortedatum")
    assert render(e.message, "en").startswith("notes: refused, looks like a birth date")
    assert str(e) == "privacy.birth_date(field=notes, rule=birth_date, where=Meeting)"  # for logs: the code
    assert render(e.reason, "en").startswith("refused, looks like a birth date")  # without the field
    assert {c for c in MESSAGES if c.startswith("privacy.") and c.count(".") == 1} - {"privacy.case_ref_invalid"} \
        == {f"privacy.{r.value}" for r in Rule}
    assert {c for c in MESSAGES if c.startswith("privacy.reason.")} == {f"privacy.reason.{r.value}" for r in Rule}


def test_lists_and_json_are_checked_item_by_item() -> None:
    assert find_problem(["stap 1", "Kerkstraat 12"]) is Rule.ADDRESS
    assert find_problem({"a": "ok", "b": _B[0]}) is Rule.BSN
    assert find_problem(["stap 1", "overleg 12-03-2026"]) is None
