"""outcome scores and patient page initials (issue 18)

Revision ID: 7d3eb8d4936c
Revises: e3a9c5f1b7d2
Create Date: 2026-12-04 01:32:13

Outcome scores (the PSFS, or a plugin's scale) recorded by the therapist or
answered on the patient's page, how often that page asks for one, and the
clinic's choice of initials instead of the first name on that page.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '7d3eb8d4936c'
down_revision = 'e3a9c5f1b7d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outcome_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('scale_id', sa.String(length=80), nullable=False),
    sa.Column('every_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_outcome_schedule_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_outcome_schedule_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_schedule')),
    sa.UniqueConstraint('patient_id', name=op.f('uq_outcome_schedule_patient_id'))
    )
    with op.batch_alter_table('outcome_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_schedule_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('outcome_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('scale_id', sa.String(length=80), nullable=False),
    sa.Column('scale_name', sa.String(length=300), nullable=False),
    sa.Column('score_low', sa.Double(), nullable=False),
    sa.Column('score_high', sa.Double(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('by_patient', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_outcome_score_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['link_id'], ['patient_link.id'], name=op.f('fk_outcome_score_link_id_patient_link'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_outcome_score_patient_id_patient'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_outcome_score_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_score'))
    )
    with op.batch_alter_table('outcome_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_score_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_score_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_score_scale_id'), ['scale_id'], unique=False)

    # Plain ADD COLUMN: a batch copy of clinic would trip the foreign keys that point at it.
    op.add_column('clinic', sa.Column('patient_page_initials', sa.Boolean(), server_default='0', nullable=False))



def downgrade():
    op.drop_column('clinic', 'patient_page_initials')

    with op.batch_alter_table('outcome_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_score_scale_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_score_patient_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_score_clinic_id'))

    op.drop_table('outcome_score')
    with op.batch_alter_table('outcome_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_schedule_clinic_id'))

    op.drop_table('outcome_schedule')
