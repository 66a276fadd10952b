"""Where a statement touches tenant-scoped rows, for the ORM filter in ``tenancy.py``.

``all_mappers`` lists only the entities a statement selects at its top; a count over a
subquery, a scalar subquery or an ``exists`` has none, so the filter used to skip them. This
walks the whole statement instead, and tells apart what the ORM's loader criteria reach (ORM
entities and attributes, at any depth) from what they cannot (Core tables, ``text()``).
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql import elements, selectable

from .extensions import db
from .models import TenantScoped

_scoped_names: frozenset[str] | None = None


def scoped_tables() -> frozenset[str]:
    """The names of every tenant-scoped table (every mapped ``TenantScoped`` class)."""
    global _scoped_names
    if _scoped_names is None:
        _scoped_names = frozenset(
            m.local_table.name
            for m in db.Model.registry.mappers  # type: ignore[attr-defined]
            if issubclass(m.class_, TenantScoped)
        )
    return _scoped_names


_patterns: dict[frozenset[str], re.Pattern[str]] = {}


def _text_re(names: frozenset[str]) -> re.Pattern[str]:
    """A pattern that finds any of these table names in SQL text."""
    if names not in _patterns:
        _patterns[names] = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b", re.I)
    return _patterns[names]


def _base_table(el: Any) -> sa.TableClause | None:
    """The table under any number of aliases (None for a subquery of a select)."""
    while isinstance(el, selectable.Alias) and not isinstance(el, selectable.Subquery):
        el = el.element
    return el if isinstance(el, sa.TableClause) else None


def _orm_tables(select: sa.Select[Any], names: frozenset[str]) -> frozenset[str]:
    """The tenant-scoped tables this select reads as ORM entities (the criteria filter them)."""
    found = set()
    joins = [j[0] for j in getattr(select, "_setup_joins", ())]
    for el in [*select._raw_columns, *select._from_obj, *joins]:
        ann = getattr(el, "_annotations", {})
        if not ann.get("parententity"):
            continue
        table = el if isinstance(el, sa.TableClause) else getattr(el, "table", None)
        if isinstance(table, sa.TableClause) and table.name in names:
            found.add(table.name)
    return frozenset(found)


def scan(statement: Any) -> tuple[bool, str | None]:
    """Walk the whole statement (subqueries, CTEs, joins, unions, ``exists``): whether an ORM
    entity of a tenant-scoped class appears (the loader criteria reach it), and the name of a
    tenant-scoped table they cannot reach (a Core table or alias, or ``text()`` naming it).
    A bare column is fine inside a select that reads its table as an ORM entity (the ORM's own
    primary-key lookups do that): it binds to that filtered FROM."""
    names = scoped_tables()
    text_re = _text_re(names)
    orm = False
    stack: list[tuple[Any, frozenset[str]]] = [(statement, frozenset())]
    seen: set[tuple[int, frozenset[str]]] = set()
    while stack:
        el, allowed = stack.pop()
        if (id(el), allowed) in seen or not isinstance(el, elements.ClauseElement):
            continue
        seen.add((id(el), allowed))
        if isinstance(el, elements.TextClause):
            if text_re.search(el.text):
                return orm, "text()"
            continue
        if isinstance(el, sa.ColumnClause) and not isinstance(el, sa.TableClause):
            table = _base_table(el.table)
            if table is not None and table.name in names:
                # an ORM attribute carries its entity; a Core column does not
                if el._annotations.get("parententity"):
                    orm = True
                elif not (el.table is table and table.name in allowed):
                    return orm, table.name
            elif el.table is not None:
                stack.append((el.table, allowed))
            continue
        table = _base_table(el)
        if table is not None:
            if table.name in names:
                if not el._annotations.get("parententity"):
                    return orm, table.name
                orm = True
            if isinstance(el, sa.TableClause):
                continue
        if isinstance(el, (selectable.Subquery, selectable.CTE)):
            allowed = frozenset()  # a FROM of its own: nothing correlates into it
        if isinstance(el, sa.Select):
            inner = allowed | _orm_tables(el, names)
            # not Select.get_children(): it adds the FROMs derived from the columns, as bare
            # tables, which would hide whether a column came from an ORM entity
            kids = super(sa.Select, el).get_children(omit_attrs=("_correlate", "_correlate_except"))
            stack.extend((k, inner) for k in kids)
        else:
            stack.extend((k, allowed) for k in el.get_children())
    return orm, None
