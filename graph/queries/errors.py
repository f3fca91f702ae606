"""Domain errors of the query layer: expected failures carrying a ``Message`` (graph/messages.py) for the user."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

from graph.messages import Message, msg

__all__ = ["NotFound", "suggest"]


class NotFound(LookupError):
    """An unknown key or code, with the nearest existing ones as (key, name) suggestions."""

    def __init__(self, kind: str, code: str, suggestions: list[tuple[str, str]] | None = None) -> None:
        self.kind = kind
        self.code = code
        self.suggestions = suggestions or []
        kind_code = kind.replace(" ", "_")
        self.message: Message = (
            msg("query.not_found.suggest", kind=kind_code, key=code,
                suggestions=tuple(f"{key} ({name})" for key, name in self.suggestions))
            if self.suggestions else msg("query.not_found", kind=kind_code, key=code))
        super().__init__(str(self.message))


def suggest(text: str, candidates: Iterable[tuple[str, str]], limit: int = 1,
            cutoff: float = 50.0) -> list[tuple[str, str]]:
    """Nearest (key, name) pairs to ``text``, matching it against keys AND names (typos, case, accents)."""
    pairs = list(candidates)
    choices: dict[int, str] = {}
    for i, (key, name) in enumerate(pairs):
        choices[2 * i] = key
        choices[2 * i + 1] = name
    best: dict[int, float] = {}
    for _, score, idx in process.extract(text, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                                         limit=limit * 4, score_cutoff=cutoff):
        pair = idx // 2
        best[pair] = max(best.get(pair, 0.0), score)
    ranked = sorted(best, key=lambda i: (-best[i], pairs[i][0]))
    return [pairs[i] for i in ranked[:limit]]
