"""The language layer: the catalogue is complete and used, messages render in Dutch and English."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from api import i18n
from graph.messages import MESSAGES, VOCABULARY, Message, msg, spec_of

ROOT = Path(__file__).resolve().parents[2]


def _catalog(lang: str) -> dict[str, tuple[str, ...]]:
    """msgid -> its msgstr (all plural forms) of one .po file."""
    with open(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    out: dict[str, tuple[str, ...]] = {}
    for m in catalog:
        if not m.id:
            continue
        code = m.id[0] if isinstance(m.id, tuple) else m.id
        out[code] = tuple(m.string) if isinstance(m.string, tuple) else (m.string,)
    return out


def _sources() -> str:
    """Every file of api/ and viz/ that may use a catalogue code (Python, templates)."""
    files = [*ROOT.glob("api/**/*.py"), *ROOT.glob("api/**/*.j2"), *ROOT.glob("viz/**/*.py"),
             *ROOT.glob("viz/**/*.j2")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def test_every_code_has_dutch_text() -> None:
    nl = _catalog("nl")
    missing = sorted(c for c in [*MESSAGES, *VOCABULARY] if not all(nl.get(c, ("",))))
    assert not missing, f"codes without Dutch text in api/locale/nl/LC_MESSAGES/messages.po: {missing}"


def test_no_unused_catalogue_entry() -> None:
    used_in_source = set(re.findall(r"""["']([a-z][a-z_]*(?:\.[A-Za-z0-9_]+)+)["']""", _sources()))
    for lang in i18n.LOCALES:
        unused = sorted(set(_catalog(lang)) - set(MESSAGES) - VOCABULARY - used_in_source)
        assert not unused, f"{lang}: catalogue entries no code or template uses: {unused}"
    assert set(_catalog("en")) <= set(_catalog("nl")), "English entries without a Dutch original"


# Where UI texts are looked up by code: the pages' and mails' templates, the CLI and the exports' headers.
_UI_SOURCES = ("api/web/templates/**/*.j2", "api/mail/**/*.j2", "api/mail/**/*.py", "api/cli*.py", "api/exports.py")
_UI_CALL = re.compile(r"""(?<![A-Za-z0-9])_\(\s*["']([a-z][a-z_]*(?:\.[A-Za-z0-9_]+)+)["']""")


def _ui_codes() -> dict[str, set[str]]:
    """code -> the files that look it up with ``_("code")``."""
    used: dict[str, set[str]] = {}
    for pattern in _UI_SOURCES:
        for f in ROOT.glob(pattern):
            for code in _UI_CALL.findall(f.read_text(encoding="utf-8")):
                used.setdefault(code, set()).add(str(f.relative_to(ROOT)))
    return used


def test_every_ui_text_has_dutch_and_english() -> None:
    """UI codes need both languages; the data model's names (VOCABULARY: Dutch institutions) may stay Dutch."""
    used = _ui_codes()
    assert len(used) > 90  # the extraction finds the templates' and CLI's codes (a broken pattern finds none)
    for lang in i18n.LOCALES:
        catalog = _catalog(lang)
        needed = [c for c in used if lang == i18n.DEFAULT_LOCALE or c not in VOCABULARY]
        missing = sorted(f"{c} ({', '.join(sorted(used[c]))})" for c in needed if not all(catalog.get(c, ("",))))
        assert not missing, f"{lang}: UI codes without text in api/locale/{lang}/LC_MESSAGES/messages.po: {missing}"


def test_mail_templates_say_nothing_outside_the_catalogue() -> None:
    """Every word a mail template writes itself comes from ``_()``: without tags and expressions nothing is left."""
    for f in ROOT.glob("api/mail/templates/*.j2"):
        source = f.read_text(encoding="utf-8")
        bare = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]*>|&[a-z]+;", " ", source, flags=re.S)
        words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", bare)
        assert not words, f"{f.name}: literal text outside the catalogue: {words}"


def test_templates_use_only_declared_parameters() -> None:
    for lang in i18n.LOCALES:
        for code, texts in _catalog(lang).items():
            declared = set(spec_of(code)) if code in MESSAGES else set()
            for text in texts:
                used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
                assert used <= declared, f"{lang} {code}: {sorted(used - declared)} not declared in MESSAGES"


def test_msg_checks_code_and_parameters() -> None:
    assert msg("coverage.direct", gemeente="Ede") == Message("coverage.direct", (("gemeente", "Ede"),))
    with pytest.raises(KeyError):
        msg("coverage.nonsense", gemeente="Ede")
    with pytest.raises(TypeError):
        msg("coverage.direct", gemeente="Ede", region="x")


def test_rendering_in_dutch_and_english() -> None:
    via = msg("coverage.via_region", gemeente="Ede", level="Subregio", region="Food Valley")
    assert i18n.render(via) == "Werkt voor Ede via subregio Food Valley."
    assert i18n.render(via, "en") == "Works for Ede via subregion Food Valley."
    assert i18n.render(via, "fr") == i18n.render(via)  # unknown language: Dutch
    days = msg("case.basis.werkdagen", n=1, start="2026-03-02", due="2026-03-03")
    assert i18n.render(days) == ("1 werkdag na ma 2 maart 2026: uiterlijk di 3 maart 2026 (weekenden en "
                                 "feestdagen tellen niet mee)")
    assert i18n.render(msg("case.basis.werkdagen", n=3, start="2026-03-02", due="2026-03-05"), "en").startswith(
        "3 working days after Mon 2 March 2026: by Thu 5 March 2026")


def test_dates_lists_and_relative_times_from_cldr() -> None:
    assert i18n.date(dt.date(2026, 3, 3)) == "di 3 maart 2026"
    assert i18n.date("2026-03-03", "en", weekday=False) == "3 March 2026"
    assert i18n.age("2026-01-01", dt.date(2026, 3, 10)) == "2 maanden geleden"
    assert i18n.age("2026-03-01", dt.date(2026, 3, 10), "en") == "9 days ago"
    suggest = msg("query.not_found.suggest", kind="gemeente", key="X", suggestions=["A", "B", "C"])
    assert i18n.render(suggest).endswith("Bedoelt u A, B of C?")


def test_accept_language() -> None:
    assert i18n.locale_from_header(None) == "nl"
    assert i18n.locale_from_header("en-GB,en;q=0.9") == "en"
    assert i18n.locale_from_header("de-DE,nl;q=0.5,en;q=0.8") == "en"
    assert i18n.locale_from_header("fr, de") == "nl"


def test_one_rule_picks_the_language_for_pages_mails_and_the_cli() -> None:
    # Regional variants fall to their language; anything unknown (or nothing) is Dutch.
    assert [i18n.supported(x) for x in ("en", "en-GB", "EN_us", "nl_NL", "de", "", None)] == \
        ["en", "en", "en", "nl", "nl", "nl", "nl"]


def test_locales_are_the_domain_languages() -> None:
    """One source of the supported languages: graph.messages.LANGUAGES (#15)."""
    from graph.messages import LANGUAGES
    assert i18n.LOCALES is LANGUAGES and i18n.DEFAULT_LOCALE == LANGUAGES[0] == "nl"
    for lang in LANGUAGES:
        assert (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").is_file()
