"""Inserting many rows at once, at the speed of the database driver.

An ORM or Core ``insert`` with a list of parameter sets spends most of its time per row
inside SQLAlchemy (collecting, processing and ordering each dictionary) rather than in the
database: measured on 20,000 catalogue rows, 0.33 s through the ORM and 0.24 s through
Core against 0.09 s for ``executemany`` on the bare driver. Here the statement is compiled
once for the connection's dialect and every value still passes through SQLAlchemy's own
bind processor of its column type (enums, UTC timestamps), but only the columns that have
one pay for it, and values that are the same on every row are processed once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

Processor = Callable[[Any], Any]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's rows are read, checked and inserted.

    Every row makes new strings, tuples and dictionaries, and each few hundred of them set
    off a collection that walks every object alive: on 50,000 catalogue rows that walking
    took longer than the database's own insert. None of these objects form cycles, so
    reference counting frees them as before; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _processor(table: Table, column: str, connection: Connection) -> Processor | None:
    dialect = connection.dialect
    processor: Processor | None = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
    return processor


def insert_rows(connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                constants: Mapping[str, Any] | None = None) -> int:
    """Insert ``rows`` (tuples in the order of ``columns``) with ``constants`` (column ->
    value, the same for every row) in the connection's transaction. Returns the number of
    rows. The caller keeps the chunks small enough for a progress bar; one call is one
    ``executemany``."""
    constants = dict(constants or {})
    for column in table.columns:
        # the driver knows nothing of SQLAlchemy's Python-side defaults: fixed ones are
        # added here; one computed per row (a callable) must be given by the caller
        if column.key in columns or column.key in constants or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"bulk insert into {table.name}: give a value for {column.key}")
        constants[column.key] = column.default.arg  # type: ignore[attr-defined]
    names = [*columns, *constants]
    # inline: no RETURNING of the new keys, which executemany would only throw away
    compiled = table.insert().inline().compile(dialect=connection.dialect, column_keys=names)
    fixed = []
    for name, value in constants.items():
        process = _processor(table, name, connection)
        fixed.append(process(value) if process is not None and value is not None else value)
    processors = [(i, p) for i, name in enumerate(columns) if (p := _processor(table, name, connection)) is not None]
    prepared: list[tuple[Any, ...]] = []
    for row in rows:
        if processors:
            values = list(row)
            for i, process in processors:
                if values[i] is not None:
                    values[i] = process(values[i])
            prepared.append((*values, *fixed))
        else:
            prepared.append((*row, *fixed))
    if not prepared:
        return 0
    if compiled.positional:
        # the dialect's positional order of the bind names (qmark on SQLite)
        order = [names.index(key) for key in compiled.positiontup or ()]
        parameters: list[Any] = prepared if order == list(range(len(names))) else \
            [tuple(values[i] for i in order) for values in prepared]
    else:  # named style (psycopg): a dictionary per row
        parameters = [dict(zip(names, values, strict=True)) for values in prepared]
    connection.exec_driver_sql(compiled.string, parameters)
    return len(prepared)
