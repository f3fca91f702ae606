"""The graph model: labels, relationship types, their allowed endpoints and typed properties.

One label per node; every node has a stable ``key`` (CBS codes for regions, slugs for the rest).
Relationships carry ``valid_from``/``valid_to``: closing a relationship is not deleting it.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "BODY_KINDS",
    "CERTAINTIES",
    "CODES_SEPARATOR",
    "EDGE_ENDPOINTS",
    "POSITION_ROLES",
    "PROPERTY_KINDS",
    "Edge",
    "Label",
    "Node",
    "OrgType",
    "Priority",
    "PropKind",
    "RelType",
    "edge_key",
    "is_active",
    "trusted_edge",
    "trusted_node",
]


class Label(StrEnum):
    PROVINCIE = "Provincie"
    GEMEENTE = "Gemeente"
    JEUGDHULPREGIO = "Jeugdhulpregio"
    VEILIGHEIDSREGIO = "Veiligheidsregio"
    SUBREGIO = "Subregio"
    ORGANISATION = "Organisation"
    PROFESSIONAL = "Professional"
    POSITION = "Position"
    BODY = "Body"
    MEETING = "Meeting"
    CASE = "Case"


class RelType(StrEnum):
    IN_PROVINCIE = "IN_PROVINCIE"
    IN_JEUGDHULPREGIO = "IN_JEUGDHULPREGIO"
    IN_VEILIGHEIDSREGIO = "IN_VEILIGHEIDSREGIO"
    IN_SUBREGIO = "IN_SUBREGIO"
    PART_OF = "PART_OF"
    SERVES = "SERVES"
    WORKS_AT = "WORKS_AT"
    HOLDS = "HOLDS"
    AT = "AT"
    COVERS = "COVERS"
    ESCALATES_TO = "ESCALATES_TO"
    RESPONSIBLE_FOR_CONTACTBEHEER = "RESPONSIBLE_FOR_CONTACTBEHEER"
    CENTRALE_GEMEENTE = "CENTRALE_GEMEENTE"
    MEMBER_OF = "MEMBER_OF"
    REPORTS_TO = "REPORTS_TO"
    INVITED = "INVITED"
    ON_CASE = "ON_CASE"
    FOR_GEMEENTE = "FOR_GEMEENTE"


class OrgType(StrEnum):
    LOKAAL_TEAM = "lokaal_team"
    GI = "gi"
    VEILIG_THUIS = "veilig_thuis"
    RVDK = "rvdk"
    ZORGAANBIEDER = "zorgaanbieder"
    GEMEENTE = "gemeente"
    POLITIE = "politie"
    OM = "om"
    RECLASSERING = "reclassering"
    GGZ = "ggz"
    ZORG_EN_VEILIGHEIDSHUIS = "zorg_en_veiligheidshuis"
    JEUGDHULPREGIO = "jeugdhulpregio"  # the regional organisation: regionale contactpersoon, zorgbemiddelaar
    CLIENT_ORG = "client_org"
    OTHER = "other"


class Priority(StrEnum):
    """Order of holders of one position (NetBox contact-assignment style)."""

    PRIMARY = "primary"
    BACKUP = "backup"
    FALLBACK = "fallback"


# What a body (Label.BODY's ``kind``) is: the workbook's organen.soort, the demo's bodies, the maps' bands.
BODY_KINDS = (
    "toekomsttuin", "kerngroep", "projectgroep", "stuurgroep", "jeugdbeschermingstafel", "ret", "boeg",
    "leergroep", "leerstructuur", "werkgroep", "overleg", "pilot",
)

# What a position (Label.POSITION's ``role``) is: the workbook's posities.rol and a case team's ``prof-…:rol``,
# the catalogue's role.* names. A membership's role in a body (MEMBER_OF's ``role``) is free text, not this list.
POSITION_ROLES = (
    "lt_medewerker", "jeugdbeschermer", "vt_contactpersoon", "rvdk_contactpersoon", "gedragswetenschapper",
    "leidinggevende", "teamleider", "bestuurder", "wethouder", "regionale_contactpersoon", "zorgbemiddelaar",
    "backoffice", "aangewezen_functionaris", "contactbeheer_coordinator", "voorzitter",
    "zorgaanbieder_contactpersoon", "politie_contactpersoon", "eerste_aanspreekpersoon",
    "organisatie_contactpersoon",  # the organisation's own contact person: keeps its staff in every region
)

# How sure a source is of an entry (an organisation's ``certainty``, the workbook's organisaties.zekerheid,
# the reference file's zekerheid column), surest first.
CERTAINTIES = ("zeker", "waarschijnlijk", "onzeker")

# Narrowest first; reversed, it is the order people choose a region in (provincie down to gemeente).
REGION_LABELS = (Label.GEMEENTE, Label.SUBREGIO, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO, Label.PROVINCIE)

# Allowed (source label, destination label) pairs per relationship type. The Neo4j store builds its
# label-specific statements from this table, so it is also the allowlist for Cypher text.
EDGE_ENDPOINTS: dict[RelType, tuple[tuple[Label, Label], ...]] = {
    RelType.IN_PROVINCIE: ((Label.GEMEENTE, Label.PROVINCIE),),
    RelType.IN_JEUGDHULPREGIO: ((Label.GEMEENTE, Label.JEUGDHULPREGIO), (Label.SUBREGIO, Label.JEUGDHULPREGIO)),
    RelType.IN_VEILIGHEIDSREGIO: (
        (Label.GEMEENTE, Label.VEILIGHEIDSREGIO),
        (Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO),
    ),
    RelType.IN_SUBREGIO: ((Label.GEMEENTE, Label.SUBREGIO),),
    RelType.PART_OF: ((Label.ORGANISATION, Label.ORGANISATION), (Label.BODY, Label.BODY)),
    RelType.SERVES: tuple((Label.ORGANISATION, r) for r in REGION_LABELS),
    RelType.WORKS_AT: ((Label.PROFESSIONAL, Label.ORGANISATION),),
    RelType.HOLDS: ((Label.PROFESSIONAL, Label.POSITION),),
    RelType.AT: ((Label.POSITION, Label.ORGANISATION),),
    RelType.COVERS: tuple((s, r) for s in (Label.POSITION, Label.BODY) for r in REGION_LABELS),
    RelType.ESCALATES_TO: ((Label.POSITION, Label.POSITION),),
    RelType.RESPONSIBLE_FOR_CONTACTBEHEER: ((Label.ORGANISATION, Label.JEUGDHULPREGIO),),
    RelType.CENTRALE_GEMEENTE: ((Label.JEUGDHULPREGIO, Label.GEMEENTE),),
    RelType.MEMBER_OF: ((Label.PROFESSIONAL, Label.BODY), (Label.ORGANISATION, Label.BODY)),
    RelType.REPORTS_TO: ((Label.BODY, Label.BODY),),
    RelType.INVITED: ((Label.PROFESSIONAL, Label.MEETING),),
    RelType.ON_CASE: ((Label.PROFESSIONAL, Label.CASE),),
    RelType.FOR_GEMEENTE: ((Label.CASE, Label.GEMEENTE), (Label.MEETING, Label.SUBREGIO),
                           (Label.MEETING, Label.JEUGDHULPREGIO)),
}


class PropKind(StrEnum):
    """What a text property holds, for stores with native types (Neo4j: ``graph/store/neo4j_values.py``).

    The domain sees the same Python value from every store: an ISO date string, an ISO timestamp
    string, a ``;``-joined code list. Only Neo4j keeps them as ``DATE``, ``DATETIME`` and ``LIST<STRING>``.
    """

    DATE = "date"  # 'YYYY-MM-DD'
    DATETIME = "datetime"  # ISO 8601 with microseconds and offset, as graph/store/_common.now() writes
    CODES = "codes"  # 'JZ01;JZ04': a list of codes in one string (the reference CSV's serves_codes)


# Properties by name (a name means the same on every label and relationship type). Values that do not
# have the declared form (a free-text 'onbekend' in a date field) stay what they are.
PROPERTY_KINDS: dict[str, PropKind] = {
    **dict.fromkeys(("valid_from", "valid_to", "last_verified", "vacant_since", "inactive_since", "opened",
                     "closed", "closed_on", "purge_after", "agreed_on", "date", "frozen_on", "herindeling_per"),
                    PropKind.DATE),
    "serves_codes": PropKind.CODES,
}
CODES_SEPARATOR = ";"


def _jsonable(props: dict[str, Any]) -> dict[str, Any]:
    # Props are stored as JSON (SQLite) and as Neo4j properties: only scalars and lists of scalars.
    out: dict[str, Any] = {}
    for name, value in props.items():
        if value is None:
            continue
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if PROPERTY_KINDS.get(name) is PropKind.CODES and not isinstance(value, str):
            # One form in every store: Neo4j keeps it as a list and joins it again on reading.
            raise ValueError(f"{name} is codes joined by {CODES_SEPARATOR!r} in one text, not {type(value).__name__}")
        out[name] = value
    return dict(sorted(out.items()))


class Node(BaseModel):
    """A node: one label, a stable key, flat properties."""

    model_config = ConfigDict(frozen=True)

    label: Label
    key: str = Field(min_length=1, max_length=200)
    props: dict[str, Any] = Field(default_factory=dict)

    @field_validator("props")
    @classmethod
    def _flat(cls, v: dict[str, Any]) -> dict[str, Any]:
        return _jsonable(v)

    @property
    def name(self) -> str:
        return str(self.props.get("name", self.key))


def edge_key(rel: RelType | str, src: str, dst: str, spell: str = "") -> str:
    """Deterministic relationship key: re-importing the same row finds the same relationship."""
    base = f"{src}|{RelType(rel).value}|{dst}"
    return f"{base}|{spell}" if spell else base


class Edge(BaseModel):
    """A relationship with its validity interval (ISO dates, ``None`` = open)."""

    model_config = ConfigDict(frozen=True)

    type: RelType
    src: str
    dst: str
    src_label: Label
    dst_label: Label
    props: dict[str, Any] = Field(default_factory=dict)
    valid_from: str | None = None
    valid_to: str | None = None
    key: str = ""

    @field_validator("props")
    @classmethod
    def _flat(cls, v: dict[str, Any]) -> dict[str, Any]:
        return _jsonable(v)

    @field_validator("valid_from", "valid_to", mode="before")
    @classmethod
    def _iso(cls, v: Any) -> str | None:
        if v in (None, ""):
            return None
        if isinstance(v, dt.date):
            return v.isoformat()
        return dt.date.fromisoformat(str(v)[:10]).isoformat()

    def model_post_init(self, __context: Any) -> None:
        if (self.src_label, self.dst_label) not in EDGE_ENDPOINTS[self.type]:
            raise ValueError(
                f"{self.type.value} cannot connect {self.src_label.value} to {self.dst_label.value}"
            )
        if not self.key:
            object.__setattr__(self, "key", edge_key(self.type, self.src, self.dst))

    def active_on(self, day: str | None) -> bool:
        return is_active(self.valid_from, self.valid_to, day)


def is_active(valid_from: str | None, valid_to: str | None, day: str | None) -> bool:
    """True when the interval [valid_from, valid_to) contains ``day`` (today when None)."""
    d = day or dt.date.today().isoformat()
    return (valid_from is None or valid_from <= d) and (valid_to is None or d < valid_to)


# Fields as pydantic keeps them on an instance it built. model_construct (pydantic 2.14) costs ~8 µs, more than
# validating; these build the same frozen instance in ~1 µs for values a caller has already validated (import
# rows, the store's own rows), which at national scale is ~400 000 nodes and edges per import or cold start.
def _trusted(cls: type[BaseModel], fields: dict[str, Any]) -> Any:
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", fields)
    object.__setattr__(m, "__pydantic_fields_set__", set(fields))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def trusted_node(label: Label, key: str, props: dict[str, Any]) -> Node:
    """A Node from already-checked values (``props`` flat, without None values, sorted), no validation pass."""
    node: Node = _trusted(Node, {"label": label, "key": key, "props": props})
    return node


def trusted_edge(type: RelType, src: str, dst: str, src_label: Label, dst_label: Label, props: dict[str, Any],
                 valid_from: str | None = None, valid_to: str | None = None, key: str = "") -> Edge:
    """An Edge from already-checked values; its endpoints are still checked and its key made, as Edge does."""
    if (src_label, dst_label) not in EDGE_ENDPOINTS[type]:
        raise ValueError(f"{type.value} cannot connect {src_label.value} to {dst_label.value}")
    edge: Edge = _trusted(Edge, {"type": type, "src": src, "dst": dst, "src_label": src_label,
                                 "dst_label": dst_label, "props": props, "valid_from": valid_from,
                                 "valid_to": valid_to, "key": key or edge_key(type, src, dst)})
    return edge
