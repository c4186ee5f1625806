"""issued handout checksum index: an export's trusted checksums read from the index alone

Revision ID: e3a9c5b7d1f2
Revises: d8f2a6c1e9b3
Create Date: 2026-12-04 01:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e3a9c5b7d1f2'
down_revision = 'd8f2a6c1e9b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_issued_handout_checksums', 'issued_handout',
                    ['content_key', 'clinic_id', 'patient_link_id', 'pdf_sha256'], unique=False)


def downgrade():
    op.drop_index('ix_issued_handout_checksums', table_name='issued_handout')
