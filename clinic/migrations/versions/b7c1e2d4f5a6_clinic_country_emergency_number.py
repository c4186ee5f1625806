"""clinic country and emergency number

Revision ID: b7c1e2d4f5a6
Revises: 5e551010e0d1
Create Date: 2026-12-02 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1e2d4f5a6'
down_revision = '5e551010e0d1'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('clinic', sa.Column('country', sa.String(length=2), server_default='', nullable=False))
    op.add_column('clinic', sa.Column('emergency_number', sa.String(length=10), server_default='', nullable=False))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would trip the foreign keys.
    op.drop_column('clinic', 'emergency_number')
    op.drop_column('clinic', 'country')
