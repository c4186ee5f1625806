"""programme content: the five parts of ``extras`` become columns of their own

Revision ID: c4e1a7f03b21
Revises: 2ec99f955f1a
Create Date: 2026-12-02 14:45:00

``extras`` held a protocol's name, its sections, activity changes, mistakes and
flare-up table, and the texts marked as already in the patient's language. Each
moves to a column named as in ``ProgrammeContent``; a
programme whose extras had no sections gets the default three, which is what
every reader used to fall back to. Parts that are not the right kind (not a
list, not text) are not carried over: no reader could use them.
"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e1a7f03b21'
down_revision = '2ec99f955f1a'
branch_labels = None
depends_on = None

LIST_PARTS = ("sections", "activity_changes", "mistakes", "flare_up")
DEFAULT_SECTIONS = [
    {"key": "warm_up", "title": "Warm-up", "instructions": "Get warm before you start."},
    {"key": "strength", "title": "Strength", "instructions": "Do these first, slowly and with control."},
    {"key": "stretch", "title": "Stretches", "instructions": "Finish with these, gently."},
]


def _loaded(value):
    """A JSON column as Python data: drivers return text (SQLite) or data (PostgreSQL)."""
    if isinstance(value, (str, bytes)):
        return json.loads(value)
    return value


def _programme(json_type=sa.JSON):
    return sa.table(
        "programme", sa.column("id", sa.Integer), sa.column("extras", json_type),
        sa.column("protocol_name", sa.Text), sa.column("own_language", json_type),
        *(sa.column(p, json_type) for p in LIST_PARTS),
    )


def upgrade():
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('protocol_name', sa.Text(), nullable=True))
        for part in (*LIST_PARTS, "own_language"):
            batch_op.add_column(sa.Column(part, sa.JSON(), nullable=True))

    conn = op.get_bind()
    table = _programme()
    for row_id, raw in conn.execute(sa.select(table.c.id, table.c.extras)).all():
        extras = _loaded(raw)
        extras = extras if isinstance(extras, dict) else {}
        values = {part: extras.get(part) if isinstance(extras.get(part), list) else [] for part in LIST_PARTS}
        values["sections"] = values["sections"] or DEFAULT_SECTIONS
        name = extras.get("protocol_name")
        values["protocol_name"] = name if isinstance(name, str) else None
        marks = extras.get("own_language")
        values["own_language"] = marks if isinstance(marks, dict) else {}
        conn.execute(table.update().where(table.c.id == row_id).values(**values))

    with op.batch_alter_table('programme', schema=None) as batch_op:
        for part in (*LIST_PARTS, "own_language"):
            batch_op.alter_column(part, existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('extras')


def downgrade():
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extras', sa.JSON(), nullable=True))

    conn = op.get_bind()
    table = _programme()
    rows = conn.execute(sa.select(table.c.id, table.c.protocol_name, table.c.own_language,
                                  *(table.c[p] for p in LIST_PARTS))).all()
    for row in rows:
        extras = {part: _loaded(getattr(row, part)) for part in LIST_PARTS}
        if row.protocol_name is not None:
            extras["protocol_name"] = row.protocol_name
        if _loaded(row.own_language):
            extras["own_language"] = _loaded(row.own_language)
        conn.execute(table.update().where(table.c.id == row.id).values(extras=extras))

    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.alter_column('extras', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('own_language')
        batch_op.drop_column('flare_up')
        batch_op.drop_column('mistakes')
        batch_op.drop_column('activity_changes')
        batch_op.drop_column('sections')
        batch_op.drop_column('protocol_name')
