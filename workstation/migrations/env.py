"""Alembic environment: always run on a connection handed in by ``workstation.db``."""

from __future__ import annotations

from alembic import context

import workstation.models  # noqa: F401 - registers every table
from workstation.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI directly
    from workstation.db import make_engine, resolve_url

    engine = make_engine(resolve_url())
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying a table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
