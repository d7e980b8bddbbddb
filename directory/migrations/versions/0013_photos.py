"""photos: a profile photo per practitioner and up to six per clinic

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 17:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=True),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("alt", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=16), nullable=False),
        sa.Column("widths", sa.JSON(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(clinic_id IS NULL AND slot = 0) OR (clinic_id IS NOT NULL AND slot BETWEEN 1 AND 6)",
            name=op.f("ck_photos_slot_range"),
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_photos_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_photos_practitioner_id_practitioners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
        sa.UniqueConstraint("clinic_id", "slot", name=op.f("uq_photos_clinic_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_photos_practitioner_id"), ["practitioner_id"], unique=False
        )
        batch_op.create_index(
            "uq_photos_one_profile_photo",
            ["practitioner_id"],
            unique=True,
            sqlite_where=sa.text("clinic_id IS NULL"),
            postgresql_where=sa.text("clinic_id IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index("uq_photos_one_profile_photo")
        batch_op.drop_index(batch_op.f("ix_photos_practitioner_id"))

    op.drop_table("photos")
