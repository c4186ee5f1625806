"""patient links and check-ins (issue 18)

Revision ID: d8f2a6c1e9b3
Revises: b7c1e2d4f5a6
Create Date: 2026-12-03 17:07:51

A handout prints a link to a page for the patient; the link row keeps only a
hash of its token. ``clinic.patient_link_days`` is how long a new link works.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd8f2a6c1e9b3'
down_revision = 'b7c1e2d4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('patient_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('base_url', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_patient_link_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_patient_link_patient_id_patient'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_patient_link_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_patient_link_token_hash'))
    )
    with op.batch_alter_table('patient_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_link_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_link_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_link_programme_id'), ['programme_id'], unique=False)

    op.create_table('day_check_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('pain', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['patient_link.id'], name=op.f('fk_day_check_in_link_id_patient_link'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_day_check_in_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_check_in')),
    sa.UniqueConstraint('link_id', 'day', name=op.f('uq_day_check_in_link_id'))
    )
    with op.batch_alter_table('day_check_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_day_check_in_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_day_check_in_patient_id'), ['patient_id'], unique=False)

    op.create_table('exercise_check_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('exercise_number', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.String(length=200), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['patient_link.id'], name=op.f('fk_exercise_check_in_link_id_patient_link'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_exercise_check_in_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercise_check_in')),
    sa.UniqueConstraint('link_id', 'day', 'exercise_number', name=op.f('uq_exercise_check_in_link_id'))
    )
    with op.batch_alter_table('exercise_check_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exercise_check_in_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exercise_check_in_patient_id'), ['patient_id'], unique=False)

    # Plain ADD COLUMN: a batch copy of clinic would trip the foreign keys that point at it.
    op.add_column('clinic', sa.Column('patient_link_days', sa.Integer(), server_default='90', nullable=False))

    with op.batch_alter_table('issued_handout', schema=None) as batch_op:
        batch_op.add_column(sa.Column('patient_link_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_issued_handout_patient_link_id'), ['patient_link_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_issued_handout_patient_link_id_patient_link'), 'patient_link', ['patient_link_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('issued_handout', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_issued_handout_patient_link_id_patient_link'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_issued_handout_patient_link_id'))
        batch_op.drop_column('patient_link_id')

    op.drop_column('clinic', 'patient_link_days')

    with op.batch_alter_table('exercise_check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_check_in_patient_id'))
        batch_op.drop_index(batch_op.f('ix_exercise_check_in_link_id'))

    op.drop_table('exercise_check_in')
    with op.batch_alter_table('day_check_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_day_check_in_patient_id'))
        batch_op.drop_index(batch_op.f('ix_day_check_in_link_id'))

    op.drop_table('day_check_in')
    with op.batch_alter_table('patient_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_link_programme_id'))
        batch_op.drop_index(batch_op.f('ix_patient_link_patient_id'))
        batch_op.drop_index(batch_op.f('ix_patient_link_clinic_id'))

    op.drop_table('patient_link')
