"""Search: Whoosh full text, distance, synonyms, filters, and an index kept in step
with the database.

The rest of the app sees only this interface, so the engine behind it could be
swapped: ``search`` answers a ``SearchQuery``; ``index_practitioners``,
``remove_practitioners``, ``apply_outbox`` and ``rebuild`` write; ``ensure_index``,
``check_index`` and ``index_status`` report; ``init_app`` wires it into an app and
``search_cli`` is the ``flask search`` command group.
"""

from directory.search.cli import search_cli
from directory.search.drift import index_status
from directory.search.indexer import (
    apply_outbox,
    index_practitioners,
    rebuild,
    remove_practitioners,
)
from directory.search.inline import init_app
from directory.search.service import check_index, ensure_index, search
from directory.search.types import Hit, RebuildReport, SearchQuery, SearchResults

__all__ = [
    "Hit",
    "RebuildReport",
    "SearchQuery",
    "SearchResults",
    "apply_outbox",
    "check_index",
    "ensure_index",
    "index_practitioners",
    "index_status",
    "init_app",
    "rebuild",
    "remove_practitioners",
    "search",
    "search_cli",
]
