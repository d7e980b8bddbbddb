"""clinic opening hours

Revision ID: 0011
Revises: 0003
Create Date: 2026-11-30 15:25:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clinic_opening_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=True),
    sa.Column('closes', sa.Time(), nullable=True),
    sa.Column('by_appointment', sa.Boolean(), nullable=False),
    sa.CheckConstraint('(by_appointment AND opens IS NULL AND closes IS NULL) OR (NOT by_appointment AND opens IS NOT NULL AND closes IS NOT NULL AND opens < closes)', name=op.f('ck_clinic_opening_hours_times_or_appointment')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_clinic_opening_hours_weekday_range')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_clinic_opening_hours_clinic_id_clinics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_opening_hours')),
    sa.UniqueConstraint('clinic_id', 'weekday', name=op.f('uq_clinic_opening_hours_clinic_id'))
    )


def downgrade():
    op.drop_table('clinic_opening_hours')
