"""One search box over professionals, organisations, gemeenten and positions.

Case- and accent-insensitive (NFKD, combining marks dropped), typo-tolerant (rapidfuzz ratio on
words), abbreviation-aware (VT = Veilig Thuis, ...). Every query word must be found, in the entry's
own name or in its context (the regions it serves or covers): "VT arnhem" finds Veilig Thuis
Gelderland-Midden because it serves Arnhem. The index is built once per projection version.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import threading
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from graph.messages import msg
from graph.projection import Projection
from graph.queries.index import QueryError, out_keys
from graph.queries.regions import gemeenten_in
from graph.schema import REGION_LABELS, Label, RelType

__all__ = ["KINDS", "SORTS", "SYNONYMS", "SearchHit", "SearchPage", "contact_point", "normalise",
           "search", "search_cursor", "tokens"]

KINDS: dict[str, Label] = {
    "professional": Label.PROFESSIONAL,
    "organisation": Label.ORGANISATION,
    "gemeente": Label.GEMEENTE,
    "position": Label.POSITION,
    "body": Label.BODY,
}

# How a result list can be ordered: best match first, by name (A-Z), most recently confirmed first, or by
# organisation type (each type's entries best first; entries without a type last).
SORTS = ("relevance", "name", "freshness", "org_type")
# The regions a search can be limited to (any gemeente too): results that serve, cover or lie in it.
_REGION_VALUES = frozenset(label.value for label in REGION_LABELS)

# Abbreviations professionals type; each maps to the words it stands for (already normalised).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "vt": ("veilig thuis",),
    "lt": ("lokaal team", "wijkteam", "sociaal team"),
    "gi": ("jeugdbescherming", "gecertificeerde instelling", "william schrikker"),
    "rvdk": ("raad voor de kinderbescherming",),
    "raad": ("raad voor de kinderbescherming",),
    "jbt": ("jeugdbeschermingstafel", "beschermingstafel"),
    "ret": ("regionaal expertteam", "expertteam", "perspectiefoverleg"),
    "jb": ("jeugdbeschermer", "jeugdbescherming"),
    "gw": ("gedragswetenschapper",),
    "den bosch": ("s hertogenbosch",),
    "denbosch": ("s hertogenbosch",),
}
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset({"de", "het", "een", "van", "der", "den", "s", "en", "in", "voor", "t"})
_MAX_FIRST = 100
# On equal match quality an organisation or gemeente is more often what was meant than a person.
_KIND_BONUS = {"organisation": 0.02, "gemeente": 0.02, "position": 0.01}
_CONTEXT_WEIGHT = 0.7
_CONTEXT_GEMEENTEN_MAX = 60  # list served gemeenten by name only for regional organisations


def normalise(text: str) -> str:
    """Lower case, accents dropped, every non-alphanumeric run to one space ('s-Hertogenbosch → s hertogenbosch)."""
    if text.isascii():  # the common case: nothing to decompose
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(_WORD.findall(plain))


def tokens(text: str) -> list[str]:
    return normalise(text).split()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9]{6,15}$")


def contact_point(text: str) -> str | None:
    """A phone number or e-mail address in one comparable form ("+31 6-1234 5678" → "0612345678"), else None."""
    text = text.strip().lower()
    if _EMAIL.match(text):
        return text
    compact = re.sub(r"[\s().\-]", "", text)
    if not _PHONE.match(compact):
        return None
    for country in ("+31", "0031"):
        if compact.startswith(country):
            return "0" + compact[len(country):]
    return compact.lstrip("+")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    key: str
    title: str
    subtitle: str
    score: float
    matched: tuple[str, ...]  # the indexed words the query words matched


@dataclass(frozen=True)
class SearchPage:
    text: str
    total_count: int
    hits: tuple[SearchHit, ...]
    start_cursor: str | None
    end_cursor: str | None
    has_next_page: bool
    has_previous_page: bool
    offset: int = 0  # position of the first hit; hit i has cursor ``search_cursor(offset + i)``


@dataclass
class _Doc:
    kind: str
    key: str
    title: str
    subtitle: str
    name_norm: str
    name_words: frozenset[str]
    context_words: frozenset[str]
    org_type: str = ""  # the organisation type of the entry or of the organisation it belongs to
    places: tuple[str, ...] = ()  # gemeenten and regions the entry is, serves or covers (region filter)
    verified: str = ""  # ISO date the entry (or its position) was last confirmed; "" unknown


@dataclass
class _Index:
    version: int
    docs: list[_Doc] = field(default_factory=list)
    name_vocab: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    context_vocab: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    vocab_list: list[str] = field(default_factory=list)
    memo: dict[tuple[str, ...], list[tuple[float, int, tuple[str, ...]]]] = field(default_factory=dict)
    contact_points: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # phone/e-mail → docs
    regions: dict[str, dict[str, bool]] = field(default_factory=dict)  # region → place → in it (search filter)


def _region_names(p: Projection, regions: list[str]) -> list[str]:
    """Names of the regions and, for small regions, of the gemeenten inside them."""
    names: list[str] = []
    for r in regions:
        node = p.node(r) or {}
        names.append(str(node.get("name", r)))
        label = node.get("label")
        if label == Label.GEMEENTE.value:
            continue
        rel = {Label.SUBREGIO.value: RelType.IN_SUBREGIO, Label.JEUGDHULPREGIO.value: RelType.IN_JEUGDHULPREGIO,
               Label.VEILIGHEIDSREGIO.value: RelType.IN_VEILIGHEIDSREGIO}.get(str(label))
        if rel is None:
            continue
        members = [src for src, _ in p.in_edges(r, rel) if p.label_of(src) == Label.GEMEENTE.value]
        if len(members) <= _CONTEXT_GEMEENTEN_MAX:
            names += [str((p.node(m) or {}).get("name", m)) for m in members]
    return names


def _build(p: Projection) -> _Index:
    idx = _Index(version=p.version)
    day = dt.date.today().isoformat()  # one validity day for the whole build (out_edges would ask per call)
    words_of_text: dict[str, frozenset[str]] = {}
    words_of_regions: dict[tuple[str, ...], frozenset[str]] = {}
    words_of_org: dict[str, frozenset[str]] = {}

    def words(text: str) -> frozenset[str]:
        found = words_of_text.get(text)
        if found is None:
            found = words_of_text[text] = frozenset(tokens(text))
        return found

    def region_words(regions: list[str]) -> frozenset[str]:
        key = tuple(sorted(set(regions)))
        found = words_of_regions.get(key)
        if found is None:
            found = words_of_regions[key] = frozenset(w for n in _region_names(p, list(key)) for w in words(n))
        return found

    def org_words(org: str) -> frozenset[str]:
        found = words_of_org.get(org)
        if found is None:
            n = p.node(org) or {}
            found = words_of_org[org] = words(f"{n.get('name', '')} {n.get('short', '')}")
        return found

    # Many entries share one context (same organisation, same regions): postings are built per
    # distinct context set, not per entry.
    groups: dict[frozenset[str], list[int]] = defaultdict(list)

    def add(kind: str, key: str, title: str, subtitle: str, name_words: frozenset[str],
            context: frozenset[str], node: dict[str, object] | None = None, org_type: str = "",
            places: tuple[str, ...] = (), verified: str = "") -> None:
        i = len(idx.docs)
        for field_name in ("phone", "email"):  # searching a number or address finds whom it belongs to
            point = contact_point(str((node or {}).get(field_name) or ""))
            if point:
                idx.contact_points[point].append(i)
        idx.docs.append(_Doc(kind, key, title, subtitle, normalise(title), name_words, context, org_type, places,
                             verified))
        for w in name_words:
            idx.name_vocab[w].add(i)
        groups[context].append(i)

    for key in p.keys(Label.GEMEENTE):
        n = p.node(key) or {}
        if n.get("valid_from") and day < str(n["valid_from"]):
            continue  # created by a herindeling that has not happened yet; ended ones stay findable
        add("gemeente", key, str(n.get("name", key)), key, words(f"{n.get('name', '')} {key}"), frozenset(),
            places=(key,))
    org_places: dict[str, tuple[str, ...]] = {}
    for key in p.keys(Label.ORGANISATION):
        n = p.node(key) or {}
        served = out_keys(p, key, RelType.SERVES, day)
        org_places[key] = tuple(served)
        add("organisation", key, str(n.get("name", key)), str(n.get("type", "")), org_words(key),
            words(str(n.get("type", "")).replace("_", " ")) | region_words(served), n, str(n.get("type", "")),
            tuple(served))
    position_words: dict[str, frozenset[str]] = {}
    position_places: dict[str, tuple[str, ...]] = {}
    for key in p.keys(Label.POSITION):
        n = p.node(key) or {}
        orgs = out_keys(p, key, RelType.AT, day)
        org = (p.node(orgs[0]) or {}) if orgs else {}
        covered = out_keys(p, key, RelType.COVERS, day)
        covered_words = region_words(covered)
        position_words[key] = covered_words
        # A position covering nothing of its own works where its organisation serves.
        position_places[key] = tuple(covered) or (org_places.get(orgs[0], ()) if orgs else ())
        add("position", key, str(n.get("name", key)), str(org.get("name", "")), words(str(n.get("name", ""))),
            words(str(n.get("role", "")).replace("_", " ")) | (org_words(orgs[0]) if orgs else frozenset())
            | covered_words, org_type=str(org.get("type", "")), places=position_places[key],
            verified=str(n.get("last_verified") or "")[:10])
    for key in p.keys(Label.BODY):
        n = p.node(key) or {}
        kind = str(n.get("kind", ""))
        body_covers = out_keys(p, key, RelType.COVERS, day)
        add("body", key, str(n.get("name", key)), kind, words(f"{n.get('name', '')} {n.get('local_name') or ''}"),
            words(kind.replace("_", " ")) | region_words(body_covers), places=tuple(body_covers))
    contexts: dict[tuple[str, tuple[str, ...], tuple[str, ...]], frozenset[str]] = {}
    places_of: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in p.keys(Label.PROFESSIONAL):
        n = p.node(key) or {}
        if n.get("active", True) is False:
            continue  # inactive professionals are history, not contacts
        orgs = out_keys(p, key, RelType.WORKS_AT, day)
        held = out_keys(p, key, RelType.HOLDS, day)
        context_key = (str(n.get("function", "")), tuple(sorted(orgs)), tuple(sorted(held)))
        context = contexts.get(context_key)
        if context is None:
            context = words(context_key[0])
            for o in orgs:
                context |= org_words(o)
            for pos in held:
                context |= position_words.get(pos, frozenset())
            contexts[context_key] = context
        org_names = [str((p.node(o) or {}).get("name", o)) for o in orgs]
        # Where someone works: what their positions cover, else where their organisations serve.
        place_key = context_key[1] + ("|",) + context_key[2]
        places = places_of.get(place_key)
        if places is None:
            held_places = [pl for pos in held for pl in position_places.get(pos, ())]
            places = places_of[place_key] = tuple(dict.fromkeys(
                held_places or [pl for o in orgs for pl in org_places.get(o, ())]))
        verified = max([str(n.get("last_verified") or "")[:10]]
                       + [str((p.node(pos) or {}).get("last_verified") or "")[:10] for pos in held])
        add("professional", key, str(n.get("name", key)), ", ".join(filter(None, [n.get("function"), *org_names])),
            words(str(n.get("name", ""))), context, n,
            str((p.node(orgs[0]) or {}).get("type", "")) if orgs else "", places, verified)
    for context, members in groups.items():
        for w in context:
            idx.context_vocab[w].update(members)
    idx.vocab_list = sorted(set(idx.name_vocab) | set(idx.context_vocab))
    return idx


_CACHE: weakref.WeakKeyDictionary[Projection, _Index] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _index(p: Projection) -> _Index:
    idx = _CACHE.get(p)
    if idx is not None and idx.version == p.version:
        return idx
    with _LOCK:
        idx = _CACHE.get(p)
        if idx is None or idx.version != p.version:
            idx = _build(p)
            _CACHE[p] = idx
        return idx


def _word_matches(idx: _Index, word: str) -> dict[str, float]:
    """Indexed words that a query word stands for, with a quality in (0, 1]."""
    out: dict[str, float] = {}
    if word in idx.name_vocab or word in idx.context_vocab:
        out[word] = 1.0
    if len(word) >= 3:
        for w in idx.vocab_list:  # prefix: "jeugdbesch" finds "jeugdbescherming"
            if w.startswith(word) and w != word:
                out.setdefault(w, 0.9)
    if len(word) >= 4:
        cutoff = 80 if len(word) >= 6 else 85
        for w, score, _ in process.extract(word, idx.vocab_list, scorer=fuzz.ratio, score_cutoff=cutoff,
                                           limit=20):
            out.setdefault(w, 0.8 * score / 100)
    return out


def _phrase_scores(idx: _Index, words: list[str]) -> dict[int, tuple[float, tuple[str, ...]]]:
    """doc → (score, matched words) when every word of the phrase matches the doc."""
    result: dict[int, tuple[float, tuple[str, ...]]] | None = None
    for word in words:
        per_doc: dict[int, tuple[float, str]] = {}
        for w, q in _word_matches(idx, word).items():
            for i in idx.name_vocab.get(w, ()):
                if per_doc.get(i, (0.0, ""))[0] < q:
                    per_doc[i] = (q, w)
            for i in idx.context_vocab.get(w, ()):
                if per_doc.get(i, (0.0, ""))[0] < q * _CONTEXT_WEIGHT:
                    per_doc[i] = (q * _CONTEXT_WEIGHT, w)
        if result is None:
            result = {i: (s, (w,)) for i, (s, w) in per_doc.items()}
        else:
            result = {i: (result[i][0] + s, (*result[i][1], w)) for i, (s, w) in per_doc.items() if i in result}
        if not result:
            return {}
    n = max(len(words), 1)
    return {i: (s / n, m) for i, (s, m) in (result or {}).items()}


def _groups(text: str) -> list[list[list[str]]]:
    """Query → groups (each must match) → alternatives (any may match) → words (all must match)."""
    words = tokens(text)
    groups: list[list[list[str]]] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if len(words) > i + 1 and pair in SYNONYMS:
            groups.append([words[i:i + 2], *(s.split() for s in SYNONYMS[pair])])
            i += 2
            continue
        w = words[i]
        alternatives = [[w], *(s.split() for s in SYNONYMS.get(w, ()))]
        groups.append(alternatives)
        i += 1
    content = [g for g in groups if not (len(g) == 1 and g[0][0] in _STOPWORDS)]
    return content or groups


def _memo_key(text: str, kinds: tuple[str, ...], org_types: tuple[str, ...], *extra: str) -> tuple[str, ...]:
    """One key shape for every memoised list, so a ranking and its filtered, sorted views never collide."""
    return (text, *kinds, *(f"type:{t}" for t in org_types), *extra)


def _rank(idx: _Index, text: str, kinds: tuple[str, ...],
          org_types: tuple[str, ...] = ()) -> list[tuple[float, int, tuple[str, ...]]]:
    memo_key = _memo_key(text, kinds, org_types)
    if memo_key in idx.memo:
        return idx.memo[memo_key]
    point = contact_point(text)
    if point is not None and point in idx.contact_points:
        exact: list[tuple[float, int, tuple[str, ...]]] = [
            (1.5, i, (point,)) for i in idx.contact_points[point] if not kinds or idx.docs[i].kind in kinds]
        exact.sort(key=lambda r: (idx.docs[r[1]].title, idx.docs[r[1]].key))
        idx.memo[memo_key] = exact
        return exact
    total: dict[int, tuple[float, tuple[str, ...]]] | None = None
    for alternatives in _groups(text):
        best: dict[int, tuple[float, tuple[str, ...]]] = {}
        for words in alternatives:
            for i, (s, m) in _phrase_scores(idx, words).items():
                if s > best.get(i, (0.0, ()))[0]:
                    best[i] = (s, m)
        if total is None:
            total = best
        else:
            total = {i: (total[i][0] + s, total[i][1] + m) for i, (s, m) in best.items() if i in total}
        if not total:
            break
    ngroups = max(len(_groups(text)), 1)
    norm = normalise(text)
    ranked = []
    for i, (s, m) in (total or {}).items():
        doc = idx.docs[i]
        if (kinds and doc.kind not in kinds) or (org_types and doc.org_type not in org_types):
            continue
        score = s / ngroups + _KIND_BONUS.get(doc.kind, 0.0)
        if doc.name_norm == norm:
            score += 0.5  # the exact name beats everything that merely contains the words
        elif doc.name_norm.startswith(norm):
            score += 0.2
        ranked.append((round(score, 4), i, m))
    ranked.sort(key=lambda r: (-r[0], idx.docs[r[1]].title, idx.docs[r[1]].key))
    if len(idx.memo) > 2000:
        idx.memo.clear()
    idx.memo[memo_key] = ranked
    return ranked


def search_cursor(offset: int) -> str:
    """The opaque cursor of the hit at ``offset`` of a ranking."""
    return base64.b64encode(f"search:{offset}".encode()).decode()


def _offset(cursor: str) -> int:
    try:
        kind, _, value = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if kind != "search":
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise QueryError(msg("query.invalid_cursor", cursor=cursor)) from None


def _in_region(idx: _Index, region: str) -> dict[str, bool]:
    """place → whether it lies in, contains or overlaps ``region`` (shared gemeenten), filled as asked."""
    found = idx.regions.get(region)
    if found is None:
        if len(idx.regions) > 200:
            idx.regions.clear()
        found = idx.regions[region] = {}
    return found


def _place_matches(p: Projection, region: str, members: frozenset[str], place: str, day: str) -> bool:
    if place == region or place in members:
        return True
    if p.label_of(place) == Label.GEMEENTE.value:
        return False
    return not members.isdisjoint(gemeenten_in(p, place, day))


def _within(p: Projection, idx: _Index, ranked: list[tuple[float, int, tuple[str, ...]]],
            region: str) -> list[tuple[float, int, tuple[str, ...]]]:
    label = p.label_of(region)
    if label not in _REGION_VALUES:
        raise QueryError(msg("search.unknown_region", region=region))
    day = dt.date.today().isoformat()
    members = frozenset(gemeenten_in(p, region, day))
    known = _in_region(idx, region)

    def inside(doc: _Doc) -> bool:
        for place in doc.places:
            hit = known.get(place)
            if hit is None:
                hit = known[place] = _place_matches(p, region, members, place, day)
            if hit:
                return True
        return False

    return [r for r in ranked if inside(idx.docs[r[1]])]


def _sorted(idx: _Index, ranked: list[tuple[float, int, tuple[str, ...]]],
            sort: str) -> list[tuple[float, int, tuple[str, ...]]]:
    """``ranked`` (best first) reordered; ties keep their relevance order (Python's sort is stable)."""
    docs = idx.docs
    if sort == "name":
        return sorted(ranked, key=lambda r: (docs[r[1]].name_norm, docs[r[1]].key))
    if sort == "freshness":  # most recently confirmed first, never confirmed last
        return sorted(ranked, key=lambda r: docs[r[1]].verified, reverse=True)
    if sort == "org_type":
        return sorted(ranked, key=lambda r: (docs[r[1]].org_type == "", docs[r[1]].org_type))
    return ranked


def search(p: Projection, text: str, kinds: list[str] | tuple[str, ...] | None = None, first: int = 20,
           after: str | None = None, org_types: list[str] | tuple[str, ...] | None = None,
           region: str | None = None, sort: str = "relevance") -> SearchPage:
    """Ranked, paginated hits for ``text``; ``kinds`` limits to professional/organisation/gemeente/position,
    ``org_types`` to entries of (or belonging to) organisations of those types, ``region`` (a provincie,
    jeugdhulpregio, veiligheidsregio, subregio or gemeente code) to entries that lie in, serve or cover a
    part of it; ``sort`` is one of ``SORTS``."""
    if not text or not normalise(text):
        raise QueryError(msg("search.empty"))
    if len(text) > 200:
        raise QueryError(msg("search.too_long", max=200))
    if not 1 <= first <= _MAX_FIRST:
        raise QueryError(msg("query.first_out_of_range", max=_MAX_FIRST, value=first))
    wanted = tuple(sorted({k.lower() for k in kinds or ()}))
    unknown = [k for k in wanted if k not in KINDS]
    if unknown:
        raise QueryError(msg("search.unknown_kinds", kinds=tuple(unknown), known=tuple(KINDS)))
    if sort not in SORTS:
        raise QueryError(msg("search.unknown_sort", sort=sort, known=SORTS))
    idx = _index(p)
    types = tuple(sorted(set(org_types or ())))
    ranked = _rank(idx, text, wanted, types)
    if region or sort != "relevance":
        memo_key = _memo_key(text, wanted, types, f"region:{region or ''}", f"sort:{sort}")
        listed = idx.memo.get(memo_key)
        if listed is None:
            listed = _sorted(idx, _within(p, idx, ranked, region) if region else ranked, sort)
            idx.memo[memo_key] = listed
        ranked = listed
    start = _offset(after) + 1 if after else 0
    page = ranked[start:start + first]
    hits = tuple(SearchHit(idx.docs[i].kind, idx.docs[i].key, idx.docs[i].title, idx.docs[i].subtitle, s, m)
                 for s, i, m in page)
    return SearchPage(text, len(ranked), hits, search_cursor(start) if hits else None,
                      search_cursor(start + len(hits) - 1) if hits else None, start + len(hits) < len(ranked),
                      start > 0, start)
