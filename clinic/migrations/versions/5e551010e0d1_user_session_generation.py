"""user.session_generation: sessions end on sign-out, deactivation and password change

Revision ID: 5e551010e0d1
Revises: c4e1a7f03b21
Create Date: 2026-12-02 14:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e551010e0d1'
down_revision = 'c4e1a7f03b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of "user" would fail on its foreign keys.
    op.drop_column('user', 'session_generation')
