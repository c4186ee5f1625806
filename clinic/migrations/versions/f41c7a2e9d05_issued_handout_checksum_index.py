"""issued handout checksum index: an export's trusted checksums read from the index alone

Revision ID: f41c7a2e9d05
Revises: 7d3eb8d4936c
Create Date: 2026-12-04 01:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f41c7a2e9d05'
down_revision = '7d3eb8d4936c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_issued_handout_checksums', 'issued_handout',
                    ['content_key', 'clinic_id', 'patient_link_id', 'pdf_sha256'], unique=False)


def downgrade():
    op.drop_index('ix_issued_handout_checksums', table_name='issued_handout')
