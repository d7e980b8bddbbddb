"""Read-only mirrors of mapped models, filled from Core rows: for hot read paths.

Building ORM objects (identity map, state tracking, instrumented attributes) costs far
more than the database takes to answer; a page that only reads can use plain objects.
A mirror has every mapped column of its model under the same name (or those named in
``only``), the relationships the caller fills in, and the model's own properties and
public methods, hybrids included: one rule, read from either kind of object.
"""

from __future__ import annotations

import inspect
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import ColumnProperty


class Mirror:
    """Attributes from keyword arguments; read only once built."""

    __slots__ = ()

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read only")


def columns(model: type, only: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """(attribute name, table column) for every mapped column of ``model`` (or those
    named in ``only``)."""
    attrs: list[ColumnProperty[Any]] = list(sa_inspect(model).column_attrs)
    return [(attr.key, attr.columns[0]) for attr in attrs if not only or attr.key in only]


def mirror(model: type, relations: tuple[str, ...] = (), only: tuple[str, ...] = ()) -> type:
    """A ``Mirror`` class for ``model`` with its columns (or ``only`` those) and the
    named ``relations`` as attributes."""
    names = tuple(key for key, _ in columns(model, only)) + relations
    namespace: dict[str, Any] = {"__slots__": names, "__module__": model.__module__}
    for name, value in vars(model).items():
        if isinstance(value, hybrid_property):
            namespace[name] = property(value.fget)
        elif isinstance(value, hybrid_method):
            namespace[name] = value.func
        elif isinstance(value, property) or (
            inspect.isfunction(value) and (not name.startswith("_") or name == "__repr__")
        ):
            namespace[name] = value
    return type(f"{model.__name__}Row", (Mirror,), namespace)


def select_columns(model: type, only: tuple[str, ...] = ()) -> Select[Any]:
    """SELECT of ``model``'s columns (or ``only`` those), labelled with their attribute
    names: its rows' mappings fill the model's mirror."""
    return select(*(column.label(key) for key, column in columns(model, only)))
