"""The one language layer: domain ``Message``s, UI texts, dates and lists rendered through Babel.

Catalogues are gettext ``.po`` files in ``api/locale/<lang>/LC_MESSAGES/messages.po`` whose ``msgid`` is
a code (``graph/messages.py``) and whose ``msgstr`` is a ``str.format`` template over its parameters.
Dutch (``nl``) is the default and complete; English (``en``) falls back to Dutch for what it lacks.
Dates, numbers and lists use Babel's CLDR data, so no OS locale is needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from babel.dates import format_date, format_timedelta
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import Environment, pass_context

from graph.messages import LANGUAGES, Message, spec_of

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "LOCALE_DIR",
    "age",
    "as_date",
    "cli_help",
    "cli_help_locale",
    "cli_locale",
    "cli_text",
    "date",
    "datetime",
    "error_text",
    "gettext",
    "install_jinja",
    "language_choices",
    "locale_from_header",
    "lookup",
    "name",
    "render",
    "render_all",
    "render_params",
    "sayer",
    "set_cli_locale",
    "translations",
]

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = LANGUAGES  # one source: graph.messages.LANGUAGES
DEFAULT_LOCALE = LANGUAGES[0]
_CLDR = {"nl": "nl_NL", "en": "en_GB"}  # CLDR locale for dates/numbers per catalogue language


def _load(lang: str) -> Translations:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    buf = BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


@functools.cache
def translations(locale: str = DEFAULT_LOCALE) -> Translations:
    """The gettext translations of ``locale`` ("nl", "en"; anything else gets Dutch), falling back to Dutch."""
    lang = supported(locale)
    tr = _load(lang)
    if lang != DEFAULT_LOCALE:
        tr.add_fallback(translations(DEFAULT_LOCALE))
    return tr


def supported(locale: str | None) -> str:
    """The catalogue language for ``locale`` ("en", "en-GB", "nl_NL" …); Dutch for anything else or nothing."""
    lang = str(locale or DEFAULT_LOCALE).replace("-", "_").split("_")[0].lower()
    return lang if lang in LOCALES else DEFAULT_LOCALE


def locale_from_header(accept_language: str | None) -> str:
    """The best of ``LOCALES`` for an ``Accept-Language`` header; Dutch when none matches or none is sent."""
    best, best_q = DEFAULT_LOCALE, -1.0
    for part in str(accept_language or "").split(","):
        tag, _, q = part.strip().partition(";q=")
        lang = tag.strip().split("-")[0].lower()
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        if lang in LOCALES and weight > best_q:
            best, best_q = lang, weight
    return best


def gettext(code: str, locale: str = DEFAULT_LOCALE) -> str:
    return translations(locale).gettext(code)


def language_choices(locale: str = DEFAULT_LOCALE) -> list[tuple[str, str]]:
    """(code, name) of each language jbnet writes mails in (``LANGUAGES``), named in ``locale``: a form's choice."""
    return [(code, gettext(f"language.{code}", locale)) for code in LANGUAGES]


def lookup(prefix: str, value: Any, locale: str = DEFAULT_LOCALE) -> str | None:
    """The catalogue's word for a data-model code (``lookup("org_type", "gi")``); None when it has none."""
    code = f"{prefix}.{str(value or '').replace(' ', '_')}"
    word = translations(locale).gettext(code)
    return None if word == code else word


def name(prefix: str, value: Any, locale: str = DEFAULT_LOCALE) -> str:
    """The catalogue's word for a data-model code (``name("org_type", "gi")``); unknown codes as written."""
    word = lookup(prefix, value, locale)
    return str(value or "").replace("_", " ") if word is None else word


def date(value: dt.date | dt.datetime | str | None, locale: str = DEFAULT_LOCALE, *, weekday: bool = True) -> str:
    """ "di 3 maart 2026" (or without the weekday); "" for no date. ISO strings are accepted."""
    day = as_date(value)
    if day is None:
        return ""
    return format_date(day, "EEE d MMMM y" if weekday else "d MMMM y", locale=_CLDR[supported(locale)])


def datetime(value: dt.datetime | str | None, locale: str = DEFAULT_LOCALE) -> str:
    """ "di 3 maart 2026 14:05"; "" for none."""
    if value is None or value == "":
        return ""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    # The clock time as stored (no conversion to the server's zone, which Babel's format_datetime would do).
    return f"{date(moment, locale)} {moment:%H:%M}"


def age(value: dt.date | str | None, today: dt.date | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """How long ago a date was ("vandaag", "gisteren", "12 dagen geleden", "3 maanden geleden", "nooit")."""
    day = as_date(value)
    if day is None:
        return gettext("time.never", locale)
    days = ((today or dt.date.today()) - day).days
    if days == 0:
        return gettext("time.today", locale)
    if days == 1:
        return gettext("time.yesterday", locale)
    # Days up to two months, then months up to two years, then years; a huge threshold keeps that unit.
    granularity: Literal["day", "month", "year"] = "day" if abs(days) < 60 else "month" if abs(days) < 730 else "year"
    return format_timedelta(dt.timedelta(days=-days), granularity=granularity, threshold=10**6, add_direction=True,
                            locale=_CLDR[supported(locale)])


def as_date(value: dt.date | dt.datetime | str | None) -> dt.date | None:
    """A date from a date, datetime or ISO string ("2026-03-03" or "2026-03-03T10:00:00"); None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _listed(values: Iterable[str], locale: str, style: str = "standard") -> str:
    items = [v for v in values if v]
    return format_list(items, style=style, locale=_CLDR[supported(locale)]) if items else ""  # type: ignore[arg-type]


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


_NAMED = {"org_type": "org_type", "level": "level", "role": "role", "priority": "priority", "kind": "kind",
          "field": "field", "rel_type": "rel_type", "case_after": "case_after", "action": "action"}


def _param(kind: str, value: Any, locale: str) -> str:
    if kind in _NAMED:
        return name(_NAMED[kind], value, locale)
    if kind in ("org_types", "levels", "roles"):
        return _listed((name(kind[:-1], v, locale) for v in _items(value)), locale)
    if kind in ("texts", "options"):
        return _listed((str(v) for v in _items(value)), locale, "or" if kind == "options" else "standard")
    if kind == "label":
        return gettext(str(value), locale)
    if kind == "decimal":
        return format_decimal(value, locale=_CLDR[supported(locale)], group_separator=False) if value is not None \
            else ""
    if kind in ("int", "count"):
        return format_decimal(value, locale=_CLDR[supported(locale)]) if value is not None else ""
    if kind in ("date", "day"):
        try:
            return date(value, locale, weekday=kind == "day")
        except ValueError:  # not a date after all: as written
            return str(value)
    if kind == "message":
        return render(value, locale) if isinstance(value, Message) else str(value or "")
    if kind == "message_list":
        return _listed((render(m, locale) if isinstance(m, Message) else str(m) for m in _items(value)), locale)
    if kind == "messages":
        return "; ".join(render(m, locale) if isinstance(m, Message) else str(m) for m in _items(value))
    return "" if value is None else str(value)


def render_params(message: Message, locale: str = DEFAULT_LOCALE) -> dict[str, str]:
    """Each parameter of ``message`` worded for ``locale`` (what its template is filled with)."""
    spec = spec_of(message.code)
    return {k: _param(spec.get(k, "text"), v, locale) for k, v in message.params}


def render(message: Message | str | None, locale: str = DEFAULT_LOCALE) -> str:
    """``message`` in ``locale``'s words ("" for None; a plain string as written)."""
    if message is None:
        return ""
    if not isinstance(message, Message):
        return str(message)
    tr = translations(locale)
    values = render_params(message, locale)
    count = next((v for k, v in message.params if spec_of(message.code).get(k) == "count"), None)
    template = tr.ngettext(message.code, message.code, int(count)) if count is not None else tr.gettext(message.code)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation must not break a page: say the code
        return f"{message.code} {values}"


def render_all(message: Message | str | list[Message | str] | tuple[Message | str, ...] | None,
               locale: str = DEFAULT_LOCALE) -> str:
    """``render`` for one message or several sentences in a row (a confirmation made of parts), joined by a space."""
    if isinstance(message, list | tuple):
        return " ".join(render(m, locale) for m in message)
    return render(message, locale)


def error_text(error: BaseException, locale: str = DEFAULT_LOCALE) -> str:
    """An expected domain error in words: its ``message`` (a ``Message``) rendered, else its own text."""
    message = getattr(error, "message", None)
    return render(message, locale) if isinstance(message, Message) else str(error)


_CLI_ASKED: list[str | None] = [None]  # ``jbnet --lang``, set once per command line (``set_cli_locale``)


def set_cli_locale(lang: str | None) -> None:
    """The language ``jbnet --lang`` asked for (None: ``JBNET_LANG`` or Dutch); each invocation sets it anew."""
    _CLI_ASKED[0] = lang


def cli_locale() -> str:
    """The CLI's language: ``jbnet --lang`` ("nl" or "en"), else ``JBNET_LANG``, Dutch by default. The shell's
    LANG is not read: a Dutch service desk on an English-configured machine still gets Dutch."""
    return supported(_CLI_ASKED[0] or os.environ.get("JBNET_LANG"))


def cli_text(code: str, **params: Any) -> str:
    """A CLI text (``cli.*``) in the CLI's language, its ``%(name)s`` placeholders filled with ``params``. A
    ``count`` parameter picks the plural form when the entry has one (``msgid_plural``: "1 probleem", "3 problemen")."""
    return _cli_filled(code, cli_locale(), params)


def _cli_filled(code: str, locale: str, params: dict[str, Any]) -> str:
    """A ``cli.*`` entry in ``locale`` with its ``%(name)s`` placeholders filled (a ``count`` picks the plural)."""
    text = gettext(code, locale)
    if isinstance(params.get("count"), int):
        plural = translations(locale).ngettext(code, code, params["count"])
        text = text if plural == code else plural  # an entry without plural forms: its one text
    return text % params if params else text


def _lang_argument(argv: Sequence[str]) -> str | None:
    """The value of ``--lang en`` / ``--lang=en`` on a command line (the last one given), None without it."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":  # what follows is no option
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


@functools.cache
def cli_help_locale() -> str:
    """The language of the CLI's help (``jbnet --help``), chosen once, before typer builds the commands: their
    ``help=`` texts are made when ``api/cli*.py`` is imported, before ``jbnet --lang`` is parsed. So ``--lang``
    is read from the command line itself (``sys.argv``), else ``JBNET_LANG``; Dutch by default."""
    return supported(_lang_argument(sys.argv[1:]) or os.environ.get("JBNET_LANG"))


def cli_help(code: str, **params: Any) -> str:
    """A help text of the CLI (``cli.help.*``: a group's, a command's or an option's ``help=``) in the help's
    language (``cli_help_locale``), its ``%(name)s`` placeholders filled with ``params``."""
    return _cli_filled(code, cli_help_locale(), params)


def install_jinja(env: Environment) -> None:
    """Jinja2's i18n extension over these catalogues, in the language of the template's ``locale`` variable
    (Dutch when unset): ``{{ _("page.code") }}``, ``{% trans %}``, ``{{ message | t }}``, ``{{ day | date }}``."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")

    def loc(ctx: Any) -> str:
        return str(ctx.get("locale") or DEFAULT_LOCALE)

    @pass_context
    def _gettext(ctx: Any, code: str) -> str:
        return translations(loc(ctx)).gettext(code)

    @pass_context
    def _ngettext(ctx: Any, code: str, plural: str, n: int) -> str:
        return translations(loc(ctx)).ngettext(code, plural, n)

    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        t=pass_context(lambda ctx, m: render_all(m, loc(ctx))),
        date=pass_context(lambda ctx, v, weekday=True: date(v, loc(ctx), weekday=weekday)),
        datetime=pass_context(lambda ctx, v: datetime(v, loc(ctx))),
        age=pass_context(lambda ctx, v, today=None: age(v, today, loc(ctx))),
        named=pass_context(lambda ctx, v, prefix: name(prefix, v, loc(ctx))),
    )


def sayer(locale: str = DEFAULT_LOCALE) -> Callable[[Any], str]:
    """One function for a locale that words a catalogue code (``"map.legend"``) or a ``Message`` (the maps')."""
    def say(value: Any) -> str:
        return render(value, locale) if isinstance(value, Message) else gettext(str(value), locale)
    return say


def renderer(locale: str) -> Callable[[Message | str | None], str]:
    """``render`` bound to one locale (for templates: ``{{ message | t }}``)."""
    return functools.partial(render, locale=locale)
