"""favourite exercises: each therapist's starred library entries

Revision ID: 2ec99f955f1a
Revises: 9ebdef50d519
Create Date: 2026-12-02 14:31:18.290796

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2ec99f955f1a'
down_revision = '9ebdef50d519'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('favourite_exercise',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_favourite_exercise_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'exercise_id', name=op.f('pk_favourite_exercise'))
    )


def downgrade():
    op.drop_table('favourite_exercise')
