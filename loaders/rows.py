"""Row models of the import workbook: one pydantic model per sheet, field names = column headers.

Cells arrive as trimmed strings (empty = absent). Each model checks one row on its own; checks that
need other rows or the store (references, duplicates, region codes) live in ``loaders.workbook``.
The format is documented in ``docs/import-format.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from graph.messages import LANGUAGES, Message, MessageError, msg
from graph.privacy import PrivacyError, check_case_value, validate_case_ref
from graph.schema import BODY_KINDS, CERTAINTIES, POSITION_ROLES, OrgType, Priority

__all__ = [
    "BODY_KINDS",
    "POSITION_ROLES",
    "SHEETS",
    "BezettingRow",
    "CasusRow",
    "LidmaatschapRow",
    "OrgaanRow",
    "OrganisatieRow",
    "PositieRow",
    "ProfessionalRow",
    "RowModel",
    "SubregioRow",
    "pydantic_errors",
]

_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0"}
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?$")
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,19}$")


def _problem(code: str, column: str = "", **params: Any) -> PydanticCustomError:
    """A cell problem as a catalogue code (graph/messages.py) that pydantic carries to ``pydantic_errors``;
    ``column`` names the cell for model-level checks."""
    message = msg(code, **params)  # checks code and parameters now, not when the report is shown
    return PydanticCustomError(code, str(message), {"message": message, "column": column})


def _coded(message: Message, column: str = "") -> PydanticCustomError:
    """A domain refusal (``MessageError.message``) carried through pydantic like ``_problem``."""
    return PydanticCustomError(message.code, str(message), {"message": message, "column": column})


def _bool(v: Any) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    text = str(v).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _problem("import.row.yes_no_invalid", value=repr(v))


def _date(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    text = str(v).strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if _ISO.match(text):
            return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    raise _problem("import.row.date_invalid", value=repr(text))


def _lower(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


_CBS_CODE = re.compile(r"^(gm|jz|vr|pv)\d+$", re.IGNORECASE)
_CBS_PREFIXES = frozenset({"gm", "jz", "vr", "pv"})


def _code(v: Any) -> Any:
    """CBS codes are upper case (``gm0228`` -> ``GM0228``); subregio keys are kept as typed."""
    if isinstance(v, str) and v[:2].lower() in _CBS_PREFIXES and _CBS_CODE.match(v):
        return v.upper()
    return v


def _split(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    seen: dict[str, None] = {}
    for part in str(v).split(";"):
        if part.strip():
            seen[_code(part.strip())] = None  # strip first: _code expects a trimmed cell
    return tuple(seen)


def _language(v: Any) -> str | None:
    if v is None or not str(v).strip():
        return None
    text = str(v).strip().lower()
    if text not in LANGUAGES:
        raise _problem("import.row.choice_invalid", value=repr(str(v).strip()), allowed=tuple(map(repr, LANGUAGES)))
    return text


def _key(prefix: str) -> Any:
    pattern = re.compile(rf"^{re.escape(prefix)}[A-Za-z0-9][A-Za-z0-9._-]*$")

    def check(v: Any) -> Any:
        if v is None:
            return v
        text = str(v).strip()
        if not pattern.match(text):
            raise _problem("import.row.key_invalid", value=repr(text), prefix=prefix)
        return text

    return BeforeValidator(check)


def _email(v: Any) -> Any:
    if v is not None and not _EMAIL.match(str(v)):
        raise _problem("import.row.email_invalid", value=repr(v))
    return v


def _phone(v: Any) -> Any:
    if v is not None and not _PHONE.match(str(v)):
        raise _problem("import.row.phone_invalid", value=repr(v))
    return v


Bool = Annotated[bool | None, BeforeValidator(_bool)]
Date = Annotated[str | None, BeforeValidator(_date)]
Codes = Annotated[tuple[str, ...], BeforeValidator(_split)]
Email = Annotated[str | None, BeforeValidator(_email)]
Phone = Annotated[str | None, BeforeValidator(_phone)]
Text = Annotated[str, Field(min_length=1, max_length=300)]
OptText = Annotated[str | None, Field(default=None, max_length=2000)]
OrgKey = Annotated[str, _key("org-")]
ProfKey = Annotated[str, _key("prof-")]
PosKey = Annotated[str, _key("pos-")]
BodyKey = Annotated[str, _key("body-")]
Role = Literal[POSITION_ROLES]  # type: ignore[valid-type]
BodyKind = Literal[BODY_KINDS]  # type: ignore[valid-type]


class RowModel(BaseModel):
    """Empty cells are dropped so that defaults apply and required columns report 'missing'."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            # Dropped, not None: an empty optional cell takes the column's default (rang = 1, versie = 1).
            return {k: s for k, v in data.items()
                    if (s := v.strip() if isinstance(v, str) else v) is not None and s != ""}
        return data


class OrganisatieRow(RowModel):
    sleutel: OrgKey
    naam: Text
    type: Annotated[OrgType, BeforeValidator(_lower)]
    kort: OptText = None
    telefoon: Phone = None
    email: Email = None
    website: OptText = None
    bron: OptText = None
    zekerheid: Annotated[Literal[CERTAINTIES] | None, BeforeValidator(_lower)] = None  # type: ignore[valid-type]
    afgeleid: Bool = None
    demo: Bool = None
    onderdeel_van: Annotated[str | None, _key("org-")] = None
    bedient: Codes = ()


class ProfessionalRow(RowModel):
    sleutel: ProfKey
    naam: Text
    functie: OptText = None
    email: Email = None
    telefoon: Phone = None
    organisatie: Codes = ()
    actief: Bool = None
    inactief_sinds: Date = None
    laatst_geverifieerd: Date = None
    geverifieerd_door: OptText = None
    demo: Bool = None
    taal: Annotated[str | None, BeforeValidator(_language)] = None  # mails follow it (graph.messages.LANGUAGES)


class PositieRow(RowModel):
    sleutel: PosKey
    naam: Text
    rol: Annotated[Role, BeforeValidator(_lower)]
    organisatie: OrgKey
    dekt: Codes = ()
    kritiek: Bool = None
    laatst_geverifieerd: Date = None
    vacant_sinds: Date = None
    escaleert_naar: Annotated[str | None, _key("pos-")] = None
    escalatiestap: Annotated[int | None, Field(ge=1, le=3)] = None

    @model_validator(mode="after")
    def _step_with_target(self) -> PositieRow:
        if self.escaleert_naar and self.escalatiestap is None:
            raise _problem("import.row.step_missing", column="escalatiestap")
        if self.escalatiestap is not None and not self.escaleert_naar:
            raise _problem("import.row.target_missing", column="escaleert_naar")
        return self


class _Validity(RowModel):
    geldig_van: Date = None
    geldig_tot: Date = None

    @model_validator(mode="after")
    def _ordered(self) -> _Validity:
        if self.geldig_van and self.geldig_tot and self.geldig_tot <= self.geldig_van:
            raise _problem("import.row.valid_to_before_from", column="geldig_tot", valid_to=self.geldig_tot,
                           valid_from=self.geldig_van)
        return self


class BezettingRow(_Validity):
    positie: PosKey
    professional: ProfKey
    prioriteit: Annotated[Priority, BeforeValidator(_lower)]
    rang: Annotated[int, Field(ge=1, le=99)] = 1


class SubregioRow(RowModel):
    sleutel: Annotated[str, Field(pattern=r"^SR-JZ\d{2}-[a-z0-9][a-z0-9-]*$")]
    naam: Text
    jeugdhulpregio: Annotated[str, BeforeValidator(_code), Field(pattern=r"^JZ\d{2}$")]
    gemeenten: Annotated[tuple[str, ...], BeforeValidator(_split), Field(min_length=1)]
    versie: Annotated[int, Field(ge=1)] = 1
    afgesproken_op: Date = None

    @model_validator(mode="after")
    def _key_names_region(self) -> SubregioRow:
        if not self.sleutel.startswith(f"SR-{self.jeugdhulpregio}-"):
            raise _problem("import.row.subregio_key_region", column="sleutel", value=repr(self.sleutel),
                           prefix=f"SR-{self.jeugdhulpregio}-")
        return self


class OrgaanRow(RowModel):
    sleutel: BodyKey
    naam: Text
    soort: Annotated[BodyKind, BeforeValidator(_lower)]
    lokale_naam: OptText = None
    fase: OptText = None
    actief_sinds: Date = None
    afgeleid: Bool = None
    bron: OptText = None
    notitie: OptText = None
    onderdeel_van: Annotated[str | None, _key("body-")] = None
    rapporteert_aan: Annotated[str | None, _key("body-")] = None
    dekt: Codes = ()


class LidmaatschapRow(_Validity):
    orgaan: BodyKey
    lid: Annotated[str, Field(pattern=r"^(prof|org)-[A-Za-z0-9][A-Za-z0-9._-]*$")]
    rol: OptText = None


def _case_ref(v: Any) -> Any:
    try:
        return validate_case_ref(str(v)) if v is not None else v
    except MessageError as exc:
        raise _coded(exc.message) from None


def _case_team(v: Any) -> tuple[tuple[str, str | None], ...]:
    out = []
    for part in _split(v):
        typed_key, _, typed_role = part.partition(":")
        key, role = typed_key.strip(), typed_role.strip().lower() or None
        if not re.match(r"^prof-[A-Za-z0-9][A-Za-z0-9._-]*$", key):
            raise _problem("import.row.case_team_invalid", value=repr(part))
        if role is not None and role not in POSITION_ROLES:
            raise _problem("import.row.role_invalid", value=repr(role))
        out.append((key, role))
    return tuple(out)


CASE_COLUMNS = ("referentie", "gemeente", "route", "status", "geopend", "stap", "professionals")


class CasusRow(RowModel):
    """A pseudonymous case. Every cell is checked for BSN- or name-like content first."""

    referentie: Annotated[str, BeforeValidator(_case_ref)]
    gemeente: Annotated[str, BeforeValidator(_code)]
    route: Literal["301", "315"]
    status: Annotated[Literal["open", "closed"], BeforeValidator(_lower)]
    geopend: Annotated[str, BeforeValidator(_date)]
    stap: OptText = None
    professionals: Annotated[tuple[tuple[str, str | None], ...], BeforeValidator(_case_team)] = ()

    @model_validator(mode="before")
    @classmethod
    def _pseudonymous(cls, data: Any) -> Any:
        # Runs before any parsing so that a BSN is refused as a BSN, not as "not a date".
        if isinstance(data, dict):
            for column, value in data.items():
                if isinstance(value, str) and value.strip():
                    try:
                        check_case_value(column, value)
                    except PrivacyError as exc:  # the row names the column: the rule's reason alone
                        raise _coded(exc.reason, column) from None
        return data


# Sheet name -> row model, in import order (a sheet may refer to keys of earlier and later sheets).
SHEETS: dict[str, type[RowModel]] = {
    "organisaties": OrganisatieRow,
    "professionals": ProfessionalRow,
    "posities": PositieRow,
    "bezetting": BezettingRow,
    "subregios": SubregioRow,
    "organen": OrgaanRow,
    "lidmaatschappen": LidmaatschapRow,
    "casussen": CasusRow,
}


def pydantic_errors(exc: ValidationError) -> list[tuple[str, Message]]:
    """``(column, reason)`` pairs from a pydantic error: a catalogue ``Message`` where the problem has a code,
    else ``import.row.invalid`` around pydantic's own words."""
    out: list[tuple[str, Message]] = []
    for err in exc.errors(include_url=False):
        column = str(err["loc"][0]) if err["loc"] else ""
        kind, text = err["type"], err["msg"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        reason: Message
        if isinstance(ctx.get("message"), Message):  # our own check (``_problem``)
            reason, column = ctx["message"], column or str(ctx.get("column") or "")
        elif kind == "missing" or (value is None and kind.endswith("_type")):
            reason = msg("import.row.required")
        elif kind in ("enum", "literal_error"):
            reason = msg("import.row.choice_invalid", value=repr(value),
                         allowed=tuple(re.split(r", | or ", str(ctx.get("expected", "")))))
        elif kind in ("int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"):
            reason = msg("import.row.number_invalid", value=repr(value))
        elif kind in ("greater_than_equal", "greater_than"):
            reason = msg("import.row.number_too_small", value=str(value), min=str(ctx.get("ge", ctx.get("gt"))))
        elif kind in ("less_than_equal", "less_than"):
            reason = msg("import.row.number_too_large", value=str(value), max=str(ctx.get("le", ctx.get("lt"))))
        elif kind == "string_too_long":
            reason = msg("import.row.too_long", max=int(ctx["max_length"]))
        elif kind in ("string_too_short", "too_short"):
            reason = msg("import.row.required")  # every minimum here is 1: an empty cell or list
        elif kind == "string_pattern_mismatch":
            reason = msg("import.row.form_invalid", value=repr(value), form=str(ctx["pattern"]))
        elif kind == "value_error":
            detail = text.removeprefix("Value error, ")
            # Model-level checks name their column as "column: reason".
            head, sep, rest = detail.partition(": ")
            if not column and sep and " " not in head:
                column, detail = head, rest
            reason = msg("import.row.invalid", detail=detail)
        else:
            reason = msg("import.row.invalid", detail=f"{text} ({value!r})" if isinstance(value, str | int) else text)
        out.append((column, reason))
    return out
