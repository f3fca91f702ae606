"""Checks of an import workbook across rows and against the store, and the nodes/edges it maps to.

Each row has passed its pydantic model (``loaders.rows``); here references, duplicates and region
codes are resolved, and every good row becomes nodes and edges as ``docs/data-model.md`` defines.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from graph.cells import is_formula
from graph.messages import Message, msg
from graph.privacy import PrivacyError, check_edge, check_node
from graph.schema import Edge, Label, Node, RelType, edge_key, trusted_edge, trusted_node
from graph.store.base import ChangeBatch, GraphStore
from loaders.rows import (
    CASE_COLUMNS,
    SHEETS,
    BezettingRow,
    CasusRow,
    LidmaatschapRow,
    OrgaanRow,
    OrganisatieRow,
    PositieRow,
    ProfessionalRow,
    RowModel,
    SubregioRow,
    pydantic_errors,
)
from loaders.workbook_reader import Sheet, Workbook, sheet_name

__all__ = ["KnownKeys", "Progress", "RowChecker", "RowError", "sheet_name"]

Progress = Callable[[int, int, Message], None]  # (done, total, what: a catalogue message)
_REGION_PREFIX = {"GM": Label.GEMEENTE, "JZ": Label.JEUGDHULPREGIO, "VR": Label.VEILIGHEIDSREGIO,
                  "PV": Label.PROVINCIE, "SR": Label.SUBREGIO}
_REGIONS = (Label.GEMEENTE, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO, Label.PROVINCIE, Label.SUBREGIO)
# A label as the catalogue names it: ``kind.*`` for any node, ``level.*`` (the label's value) for a region.
KIND_OF: dict[Label, str] = {lbl: lbl.value.lower() for lbl in Label}


SHOWN_CELL = 60  # characters of a cell value quoted in a report
SHOWN_REASON = 300
# A quoted value as ``repr`` writes it: the quote opens after a space or "(" and closes before one.
_LONG_QUOTED = re.compile(rf"(?:^|(?<=[\s(]))(?:'[^']{{{SHOWN_CELL},}}'|\"[^\"]{{{SHOWN_CELL},}}\")(?=$|[\s,;:)])")


def _readable(reason: Message) -> Message:
    """``reason`` with every quoted cell value in its text parameters cut to ``SHOWN_CELL`` characters and each
    parameter to ``SHOWN_REASON``."""
    return Message(reason.code, tuple((k, _cut(v) if isinstance(v, str) else _readable(v) if isinstance(v, Message)
                                       else v) for k, v in reason.params))


def _cut(text: str) -> str:
    text = _LONG_QUOTED.sub(lambda m: m[0][: SHOWN_CELL - 1] + "…" + m[0][0], text)
    return text if len(text) <= SHOWN_REASON else text[: SHOWN_REASON - 1] + "…"


def _suggested(code: str, suggestion: str | None, **params: Any) -> Message:
    """``code``, or ``code.suggest`` with the nearest known region when there is one ("…; bedoelt u GM0228 (Ede)?")."""
    return msg(f"{code}.suggest", suggestion=suggestion, **params) if suggestion else msg(code, **params)


@dataclass(frozen=True)
class RowError:
    """One problem: where (file or sheet, row as numbered in Excel with header = 1, column) and why."""

    sheet: str
    row: int
    column: str
    reason: Message  # a catalogue code (import.*, privacy.reason.*)

    def __post_init__(self) -> None:
        # A cell of thousands of characters (pasted text, an attack) must not flood the report or the page.
        object.__setattr__(self, "reason", _readable(self.reason))

    @property
    def message(self) -> Message:
        """Where and why as one message: "SHEET, rij N, kolom C: reason" (the file alone for row 0)."""
        if self.row == 0:  # about the whole file or workbook
            return msg("import.report.at_file", sheet=sheet_name(self.sheet), reason=self.reason)
        if self.column:
            return msg("import.report.at_cell", sheet=sheet_name(self.sheet), row=self.row, column=self.column,
                       reason=self.reason)
        return msg("import.report.at_row", sheet=sheet_name(self.sheet), row=self.row, reason=self.reason)

    def text(self, say: Callable[[Any], str] = str) -> str:
        """Where and why; ``say`` words the message (``api.i18n.render``; ``str`` shows its code and parameters)."""
        return say(self.message)

    def __str__(self) -> str:
        return self.text()


@dataclass
class KnownKeys:
    """Keys already in the store: regions (with names, for suggestions) and other nodes' labels."""

    labels: dict[str, Label] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)  # code/key -> name
    gemeente_jeugdhulpregio: dict[str, str] = field(default_factory=dict)  # GM -> JZ
    org_types: dict[str, str] = field(default_factory=dict)  # org key -> OrgType value

    @classmethod
    def from_store(cls, store: GraphStore) -> KnownKeys:
        known = cls()
        regions = {Label.GEMEENTE, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO, Label.PROVINCIE,
                   Label.SUBREGIO}
        for node in store.nodes():
            known.labels[node.key] = node.label
            if node.label in regions:
                known.region_names[node.key] = node.name
            elif node.label is Label.ORGANISATION:
                known.org_types[node.key] = str(node.props.get("type", "other"))
        for e in store.edges(RelType.IN_JEUGDHULPREGIO):
            if e.src_label is Label.GEMEENTE and e.valid_to is None:
                known.gemeente_jeugdhulpregio[e.src] = e.dst
        return known



_KEY_LABEL = {"organisaties": Label.ORGANISATION, "professionals": Label.PROFESSIONAL,
              "posities": Label.POSITION, "subregios": Label.SUBREGIO, "organen": Label.BODY,
              "casussen": Label.CASE}
_KEY_COLUMN = {"casussen": "referentie"}  # the column of a sheet's key, when not "sleutel"


class RowChecker:
    """Turns parsed rows into nodes and edges, collecting a RowError for every problem."""

    def __init__(self, book: Workbook, known: KnownKeys, progress: Progress | None) -> None:
        self.book = book
        self.known = known
        self.progress = progress
        self.errors: list[RowError] = []
        self.defined: dict[str, tuple[Label, str, int]] = {}  # key -> (label, source, row)
        # Keys (as typed) of the rows refused and reported on their own, by the label their sheet gives:
        # a reference to one is no news (nothing is written anyway), reporting it as unknown is false.
        self.refused: dict[str, Label] = {}
        self.org_types: dict[str, str] = dict(known.org_types)
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.edge_keys: dict[str, tuple[str, int]] = {}
        self._choices: dict[str, str] | None = None
        self.gemeente_subregio: dict[str, tuple[str, int]] = {}  # GM -> (subregio, row) in this workbook
        # (sheet source, row) each node and edge came from, parallel to ``nodes``/``edges`` (preview, scope)
        self.node_rows: list[tuple[str, int]] = []
        self.edge_rows: list[tuple[str, int]] = []
        self.node_count = self.edge_count = 0  # built in all, also by ``stream`` (which keeps none)
        self.built = 0  # rows built by ``stream``
        self.privacy_unchecked = False  # ``stream`` yielded a chunk without the row-by-row privacy pass
        self._builders: dict[str, Callable[[Sheet, int, Any], None]] = {
            "organisaties": self._organisatie, "professionals": self._professional,
            "posities": self._positie, "bezetting": self._bezetting, "subregios": self._subregio,
            "organen": self._orgaan, "lidmaatschappen": self._lidmaatschap, "casussen": self._casus,
        }

    # -- helpers ------------------------------------------------------------------------------
    def err(self, sheet: Sheet, row: int, column: str, reason: Message) -> None:
        self.errors.append(RowError(sheet.source, row, column, reason))

    def label_of(self, key: str) -> Label | None:
        hit = self.defined.get(key)
        return hit[0] if hit else self.known.labels.get(key)

    def ref(self, sheet: Sheet, row: int, column: str, key: str, *labels: Label) -> Label | None:
        """The label of a referenced key when it is one of ``labels``; else report and return None."""
        label = self.label_of(key)
        if label in labels:
            return label
        refused = self.refused.get(key)
        if refused in labels:
            return None  # the row defining it is refused and reported: this reference is no news
        label = label or refused
        wanted = "_or_".join(KIND_OF[lbl] for lbl in labels)  # kind.professional_or_organisation, ...
        if label is None:
            self.err(sheet, row, column, msg("import.row.unknown_key", key=repr(key), kind=wanted))
        else:
            self.err(sheet, row, column, msg("import.row.wrong_kind", key=repr(key), kind=KIND_OF[label],
                                             expected=wanted))
        return None

    def suggest(self, code: str, label: Label | None) -> str | None:
        """The nearest known region code or name, "GM0228 (Ede)" (or the key alone), else None."""
        if self._choices is None:
            self._choices = {}
            for key, name in self.known.region_names.items():
                self._choices.setdefault(name, key)
            for key, (lbl, _, _) in self.defined.items():
                if lbl is Label.SUBREGIO:
                    self._choices[key] = key
            self._choices.update({k: k for k in self.known.region_names})
        # A mistyped code is compared with codes character by character; a name with names and codes.
        looks_like_code = bool(re.match(r"^[A-Za-z]{2}[-\d]", code))
        pool = {c: k for c, k in self._choices.items()
                if (label is None or self.region_label(k) is label) and (not looks_like_code or c == k)}
        scorer = Levenshtein.normalized_similarity if looks_like_code else fuzz.WRatio
        cutoff = 0.5 if looks_like_code else 50
        hit = process.extractOne(code.upper() if looks_like_code else code, list(pool), scorer=scorer,
                                 score_cutoff=cutoff)
        if not hit:
            return None
        found = pool[hit[0]]
        found_name = self.known.region_names.get(found)
        return f"{found} ({found_name})" if found_name and found_name != found else found

    def region_label(self, code: str) -> Label | None:
        label = self.label_of(code)
        return label if label in _REGIONS else None

    def region(self, sheet: Sheet, row: int, column: str, code: str, only: Label | None = None) -> Label | None:
        """The region label of ``code`` when it is a known region (of level ``only`` if given); else report it."""
        label = self.region_label(code)
        if label is not None and (only is None or label is only):
            return label
        if self.refused.get(code) is Label.SUBREGIO and only in (None, Label.SUBREGIO):
            return None  # a subregio whose own row is refused and reported
        prefixed = _REGION_PREFIX.get(code[:2].upper())
        if label is not None and only is not None:
            self.err(sheet, row, column, msg("import.row.region_wrong_level", value=code, level=label.value,
                                             expected=only.value))
        elif prefixed is not None and (only is None or prefixed is only):
            self.err(sheet, row, column, _suggested("import.row.region_unknown", self.suggest(code, prefixed),
                                                    value=code, level=prefixed.value))
        elif only is not None:
            self.err(sheet, row, column, _suggested("import.row.region_not_level", self.suggest(code, only),
                                                    value=repr(code), level=only.value))
        else:
            self.err(sheet, row, column, _suggested("import.row.region_invalid", self.suggest(code, None),
                                                    value=repr(code)))
        return None

    def edge(self, sheet: Sheet, row: int, column: str, rel: RelType, src: str, src_label: Label,
             dst: str, dst_label: Label, props: dict[str, Any] | None = None,
             valid_from: str | None = None, valid_to: str | None = None) -> None:
        if src == dst:
            self.err(sheet, row, column, msg("import.row.self_reference", value=repr(src)))
            return
        key = edge_key(rel, src, dst)
        first = self.edge_keys.get(key)
        if first:
            self.err(sheet, row, column, msg("import.row.duplicate_edge", src=src, dst=dst, sheet=sheet_name(first[0]),
                                             row=first[1]))
            return
        self.edge_keys[key] = (sheet.source, row)
        self.edges.append(trusted_edge(rel, src, dst, src_label, dst_label, _props(props or {}), valid_from,
                                       valid_to, key))

    # -- passes -------------------------------------------------------------------------------
    def parse(self, *, consume: bool = False) -> dict[str, list[tuple[int, RowModel]]]:
        """Every row through its sheet's model: the good rows per sheet, a RowError for each bad one.

        ``consume`` empties each sheet's ``rows`` as they are parsed, so that a row's cells are freed once
        its model exists (an import; a preview keeps them).
        """
        parsed: dict[str, list[tuple[int, RowModel]]] = {}
        total = sum(len(s.rows) for s in self.book.sheets.values()) or 1
        done = 0
        for kind, model in SHEETS.items():
            sheet = self.book.sheets.get(kind)
            if sheet is None:
                continue
            twice = sorted({h for h in sheet.headers if h and sheet.headers.count(h) > 1})
            for column in twice:
                self.err(sheet, 1, column, msg("import.row.column_twice"))
            required = [n for n, f in model.model_fields.items() if f.is_required()]
            missing = [c for c in required if c not in sheet.headers]
            for column in missing:
                self.err(sheet, 1, column, msg("import.row.column_missing"))
            forbidden = []
            if kind == "casussen":
                forbidden = [c for c in sheet.headers if c and c not in CASE_COLUMNS]
                for column in forbidden:
                    self.err(sheet, 1, column, msg("import.row.column_not_allowed", allowed=tuple(CASE_COLUMNS)))
            else:
                extra = [c for c in sheet.headers if c and c not in model.model_fields]
                if extra:
                    self.book.warnings.append(msg("import.warning.columns_ignored", sheet=sheet_name(sheet.source),
                                                  count=len(extra), columns=tuple(extra)))
            if missing or forbidden or twice:
                self._refuse(kind, (cells for _, cells in sheet.rows))
                continue  # the header is wrong: row-by-row errors would only repeat it
            good: list[tuple[int, RowModel]] = []
            unreadable = {number for number, _, _ in sheet.problems}
            given: dict[frozenset[str], set[str]] = {}  # the fields given -> one shared set
            for number, column, reason in sheet.problems:
                self.err(sheet, number, column, reason)
            count = len(sheet.rows)
            for number, cells in _taken(sheet.rows) if consume else sheet.rows:
                formulas = [c for c, v in cells.items() if v and is_formula(v)]
                for column in formulas:
                    self.err(sheet, number, column, msg("import.row.formula", value=repr(cells[column])))
                if formulas or number in unreadable:
                    self._refuse(kind, [cells])
                    continue
                try:
                    good.append((number, _shared_fields_set(model.model_validate(cells), given)))
                except ValidationError as exc:
                    self._refuse(kind, [cells])
                    for column, reason in pydantic_errors(exc):
                        self.err(sheet, number, column, reason)
            parsed[kind] = good
            done += count
            if self.progress:
                self.progress(done, total, msg("progress.checked", sheet=sheet.source))
        return parsed

    def _refuse(self, kind: str, rows: Iterable[dict[str, str]]) -> None:
        """Remember the keys, as typed, of refused rows of sheet ``kind`` (``refused``)."""
        label = _KEY_LABEL.get(kind)
        if label is None:
            return
        column = _KEY_COLUMN.get(kind, "sleutel")
        for cells in rows:
            key = (cells.get(column) or "").strip()
            if key:
                self.refused.setdefault(key, label)

    def define(self, parsed: dict[str, list[tuple[int, RowModel]]]) -> None:
        for kind, rows in parsed.items():
            label = _KEY_LABEL.get(kind)
            if label is None:
                continue
            sheet = self.book.sheets[kind]
            column = _KEY_COLUMN.get(kind, "sleutel")
            for number, row in rows:
                key = getattr(row, column)
                first = self.defined.get(key)
                if first:
                    self.err(sheet, number, column, msg("import.row.duplicate_key", key=repr(key),
                                                        sheet=sheet_name(first[1]), row=first[2]))
                    continue
                stored = self.known.labels.get(key)
                if stored is not None and stored is not label:
                    self.err(sheet, number, column, msg("import.row.key_in_store", key=repr(key),
                                                        kind=KIND_OF[stored]))
                    self.refused.setdefault(key, label)
                    continue
                self.defined[key] = (label, sheet.source, number)
                if isinstance(row, OrganisatieRow):
                    self.org_types[key] = row.type.value

    def build(self, parsed: dict[str, list[tuple[int, RowModel]]]) -> None:
        """Every good row into ``nodes`` and ``edges`` (with ``node_rows``/``edge_rows``), all kept."""
        for kind, rows in parsed.items():
            sheet = self.book.sheets[kind]
            for number, row in rows:
                self._build_row(kind, sheet, number, row)

    def _build_row(self, kind: str, sheet: Sheet, number: int, row: RowModel) -> None:
        key = getattr(row, "sleutel", getattr(row, "referentie", None))
        if key is not None and self.defined.get(key, (None, "", 0))[1:] != (sheet.source, number):
            return  # a duplicate row: already reported, its first occurrence wins
        nodes, edges = len(self.nodes), len(self.edges)
        self._builders[kind](sheet, number, row)
        origin = (sheet.source, number)  # one tuple for all a row's nodes and edges
        self.node_rows += [origin] * (len(self.nodes) - nodes)
        self.edge_rows += [origin] * (len(self.edges) - edges)
        self.node_count += len(self.nodes) - nodes
        self.edge_count += len(self.edges) - edges

    def stream(self, parsed: dict[str, list[tuple[int, RowModel]]], *, batch_size: int,
               privacy: bool = False) -> Iterator[ChangeBatch]:
        """``build`` chunk by chunk, yielding one batch per chunk while no problem is known; ``parsed`` is
        emptied as it goes, and no chunk is kept once yielded (an import's memory stays flat).

        A batch holds the chunk's nodes, then those of its relationships whose ends are written by then
        (in the store, or built in this or an earlier chunk); a relationship to a row further on waits
        until that row is built, so the store always meets its ends first. Once a problem is known
        nothing more is yielded, but every row is still built and checked, so that the report lists
        every problem: the caller then rolls back. Each chunk goes through the privacy rules row by row
        (``check_privacy``) with ``privacy`` or once a problem is known; ``privacy_unchecked`` tells
        whether a yielded chunk was left to the store's own check (a refused workbook's report may then
        lack that chunk's privacy refusals). ``built`` counts the rows built so far (progress).
        """
        order = {self.book.sheets[kind].source: i for i, kind in enumerate(parsed)}
        waiting: list[Edge] = []  # built (and checked), an end not written yet
        here = (0, 0)  # (sheet, row) of the last row built: every key defined up to there is written

        def written(key: str) -> bool:
            row = self.defined.get(key)
            return row is None or (order[row[1]], row[2]) <= here

        for index, (kind, rows) in enumerate(parsed.items()):
            sheet = self.book.sheets[kind]
            rows.reverse()  # popped from the end: each model is freed once built
            while rows:
                self.nodes, self.edges, self.node_rows, self.edge_rows = [], [], [], []
                number = 0
                while rows and len(self.nodes) + len(self.edges) < batch_size:
                    number, row = rows.pop()
                    self._build_row(kind, sheet, number, row)
                    self.built += 1
                if privacy or self.errors:
                    self.check_privacy()
                else:
                    self.privacy_unchecked = True
                here = (index, number)
                edges: list[Edge] = []
                for edge in self.edges:
                    (edges if written(edge.src) and written(edge.dst) else waiting).append(edge)
                if not self.errors:
                    yield ChangeBatch(nodes=self.nodes, edges=edges)
            # End of a sheet: the relationships whose ends are now built.
            here = (index, sys.maxsize)
            ready = [edge for edge in waiting if written(edge.src) and written(edge.dst)]
            if ready:
                waiting = [edge for edge in waiting if not (written(edge.src) and written(edge.dst))]
                if not self.errors:
                    yield ChangeBatch(edges=ready)
        self.nodes, self.edges, self.node_rows, self.edge_rows = [], [], [], []

    def check_privacy(self) -> None:
        """Every built node and edge through the store's privacy rules, one refusal per row, naming its column.

        The store refuses child identifiers anyway (``check_batch`` in ``apply_many``); this pass only words
        the refusal by row, so an import runs it when the workbook is already refused or the store refused it.
        """
        sheets = {s.source: s for s in self.book.sheets.values()}
        refused: set[tuple[str, int]] = set()

        def refuse(origin: tuple[str, int], exc: PrivacyError) -> None:
            refused.add(origin)
            self.err(sheets[origin[0]], origin[1], _COLUMN_OF.get(exc.field, exc.field), exc.detail())

        for node, origin in zip(self.nodes, self.node_rows, strict=True):
            try:
                check_node(node)
            except PrivacyError as exc:
                refuse(origin, exc)
        for edge, origin in zip(self.edges, self.edge_rows, strict=True):
            if origin not in refused:
                try:
                    check_edge(edge)
                except PrivacyError as exc:
                    refuse(origin, exc)

    def _organisatie(self, s: Sheet, n: int, r: OrganisatieRow) -> None:
        self.nodes.append(_node(label=Label.ORGANISATION, key=r.sleutel, props={
            "name": r.naam, "short": r.kort, "type": r.type.value, "phone": r.telefoon, "email": r.email,
            "website": r.website, "source": r.bron, "certainty": r.zekerheid, "inferred": r.afgeleid,
            "demo": r.demo}))
        if r.onderdeel_van and self.ref(s, n, "onderdeel_van", r.onderdeel_van, Label.ORGANISATION):
            self.edge(s, n, "onderdeel_van", RelType.PART_OF, r.sleutel, Label.ORGANISATION,
                      r.onderdeel_van, Label.ORGANISATION)
        for code in r.bedient:
            if label := self.region(s, n, "bedient", code):
                self.edge(s, n, "bedient", RelType.SERVES, r.sleutel, Label.ORGANISATION, code, label)

    def _professional(self, s: Sheet, n: int, r: ProfessionalRow) -> None:
        self.nodes.append(_node(label=Label.PROFESSIONAL, key=r.sleutel, props={
            "name": r.naam, "function": r.functie, "email": r.email, "phone": r.telefoon, "active": r.actief,
            "inactive_since": r.inactief_sinds, "last_verified": r.laatst_geverifieerd,
            "verified_by": r.geverifieerd_door, "demo": r.demo,
            "language": r.taal}))
        for org in r.organisatie:
            if self.ref(s, n, "organisatie", org, Label.ORGANISATION):
                self.edge(s, n, "organisatie", RelType.WORKS_AT, r.sleutel, Label.PROFESSIONAL,
                          org, Label.ORGANISATION)

    def _positie(self, s: Sheet, n: int, r: PositieRow) -> None:
        has_org = self.ref(s, n, "organisatie", r.organisatie, Label.ORGANISATION) is not None
        self.nodes.append(_node(label=Label.POSITION, key=r.sleutel, props={
            "name": r.naam, "role": r.rol, "org_type": self.org_types.get(r.organisatie),
            "critical": r.kritiek, "last_verified": r.laatst_geverifieerd, "vacant_since": r.vacant_sinds}))
        if has_org:
            self.edge(s, n, "organisatie", RelType.AT, r.sleutel, Label.POSITION, r.organisatie,
                      Label.ORGANISATION)
        for code in r.dekt:
            if label := self.region(s, n, "dekt", code):
                self.edge(s, n, "dekt", RelType.COVERS, r.sleutel, Label.POSITION, code, label)
        if r.escaleert_naar and self.ref(s, n, "escaleert_naar", r.escaleert_naar, Label.POSITION):
            self.edge(s, n, "escaleert_naar", RelType.ESCALATES_TO, r.sleutel, Label.POSITION,
                      r.escaleert_naar, Label.POSITION, {"step": r.escalatiestap})

    def _bezetting(self, s: Sheet, n: int, r: BezettingRow) -> None:
        ok = self.ref(s, n, "positie", r.positie, Label.POSITION) is not None
        ok = self.ref(s, n, "professional", r.professional, Label.PROFESSIONAL) is not None and ok
        if ok:
            self.edge(s, n, "professional", RelType.HOLDS, r.professional, Label.PROFESSIONAL, r.positie,
                      Label.POSITION, {"priority": r.prioriteit.value, "rank": r.rang}, r.geldig_van,
                      r.geldig_tot)

    def _subregio(self, s: Sheet, n: int, r: SubregioRow) -> None:
        self.nodes.append(_node(label=Label.SUBREGIO, key=r.sleutel, props={
            "name": r.naam, "version": r.versie, "agreed_on": r.afgesproken_op}))
        if self.region(s, n, "jeugdhulpregio", r.jeugdhulpregio, Label.JEUGDHULPREGIO):
            self.edge(s, n, "jeugdhulpregio", RelType.IN_JEUGDHULPREGIO, r.sleutel, Label.SUBREGIO,
                      r.jeugdhulpregio, Label.JEUGDHULPREGIO)
        for gm in r.gemeenten:
            if not self.region(s, n, "gemeenten", gm, Label.GEMEENTE):
                continue
            jz = self.known.gemeente_jeugdhulpregio.get(gm)
            if jz and jz != r.jeugdhulpregio:
                self.err(s, n, "gemeenten", msg("import.row.gemeente_other_jeugdhulpregio", gemeente=gm,
                                                name=self.known.region_names.get(gm, gm), jeugdhulpregio=jz,
                                                expected=r.jeugdhulpregio))
                continue
            first = self.gemeente_subregio.setdefault(gm, (r.sleutel, n))
            if first[0] != r.sleutel:
                self.err(s, n, "gemeenten", msg("import.row.gemeente_two_subregios", gemeente=gm,
                                                subregio=first[0], row=first[1]))
                continue
            self.edge(s, n, "gemeenten", RelType.IN_SUBREGIO, gm, Label.GEMEENTE, r.sleutel, Label.SUBREGIO)

    def _orgaan(self, s: Sheet, n: int, r: OrgaanRow) -> None:
        self.nodes.append(_node(label=Label.BODY, key=r.sleutel, props={
            "name": r.naam, "kind": r.soort, "local_name": r.lokale_naam, "phase": r.fase,
            "active_since": r.actief_sinds, "inferred": r.afgeleid, "source": r.bron, "note": r.notitie}))
        for column, rel, target in (("onderdeel_van", RelType.PART_OF, r.onderdeel_van),
                                    ("rapporteert_aan", RelType.REPORTS_TO, r.rapporteert_aan)):
            if target and self.ref(s, n, column, target, Label.BODY):
                self.edge(s, n, column, rel, r.sleutel, Label.BODY, target, Label.BODY)
        for code in r.dekt:
            if label := self.region(s, n, "dekt", code):
                self.edge(s, n, "dekt", RelType.COVERS, r.sleutel, Label.BODY, code, label)

    def _lidmaatschap(self, s: Sheet, n: int, r: LidmaatschapRow) -> None:
        body_ok = self.ref(s, n, "orgaan", r.orgaan, Label.BODY) is not None
        member = self.ref(s, n, "lid", r.lid, Label.PROFESSIONAL, Label.ORGANISATION)
        if body_ok and member:
            self.edge(s, n, "lid", RelType.MEMBER_OF, r.lid, member, r.orgaan, Label.BODY,
                      {"role": r.rol}, r.geldig_van, r.geldig_tot)

    def _casus(self, s: Sheet, n: int, r: CasusRow) -> None:
        self.nodes.append(_node(label=Label.CASE, key=r.referentie, props={
            "ref": r.referentie, "route": r.route, "status": r.status, "opened": r.geopend, "step": r.stap}))
        if self.region(s, n, "gemeente", r.gemeente, Label.GEMEENTE):
            self.edge(s, n, "gemeente", RelType.FOR_GEMEENTE, r.referentie, Label.CASE, r.gemeente,
                      Label.GEMEENTE)
        for prof, role in r.professionals:
            if self.ref(s, n, "professionals", prof, Label.PROFESSIONAL):
                self.edge(s, n, "professionals", RelType.ON_CASE, prof, Label.PROFESSIONAL, r.referentie,
                          Label.CASE, {"role": role})


# Property -> the workbook column it comes from, to name the column of a privacy refusal.
_COLUMN_OF = {"key": "sleutel", "name": "naam", "short": "kort", "function": "functie", "phone": "telefoon",
              "website": "website", "source": "bron", "certainty": "zekerheid", "note": "notitie",
              "local_name": "lokale_naam", "phase": "fase", "kind": "soort", "role": "rol", "verified_by":
              "geverifieerd_door", "step": "stap", "ref": "referentie", "status": "status"}


def _shared_fields_set(row: RowModel, given: dict[frozenset[str], set[str]]) -> RowModel:
    """``row`` sharing its set of given fields with the sheet's other rows given the same ones: a set of 12
    names takes 728 bytes, half of a professional's model, and a sheet's rows give the same few. (A frozen
    model never changes the set; pydantic's copies copy it.)"""
    fields = row.__pydantic_fields_set__
    object.__setattr__(row, "__pydantic_fields_set__", given.setdefault(frozenset(fields), fields))
    return row


def _taken(rows: list[tuple[int, dict[str, str]]]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows in order, each removed from ``rows`` as it is handed out (its cells freed once used)."""
    rows.reverse()
    while rows:
        yield rows.pop()


def _props(props: dict[str, Any]) -> dict[str, Any]:
    # What Node/Edge validation would do (drop None, sort); the rows are already validated, and
    # skipping a second pydantic pass over ~400 000 models halves the national import.
    return {k: v for k, v in sorted(props.items()) if v is not None}


def _node(label: Label, key: str, props: dict[str, Any]) -> Node:
    return trusted_node(label, key, _props(props))
