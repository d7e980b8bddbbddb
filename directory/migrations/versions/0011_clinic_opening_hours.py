"""clinic opening hours, access details, practitioner languages and consultation fee

Revision ID: 0011
Revises: 0005
Create Date: 2026-11-30 15:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "clinic_opening_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=True),
        sa.Column("closes", sa.Time(), nullable=True),
        sa.Column("by_appointment", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(by_appointment AND opens IS NULL AND closes IS NULL) OR (NOT by_appointment AND opens IS NOT NULL AND closes IS NOT NULL AND opens < closes)",
            name=op.f("ck_clinic_opening_hours_times_or_appointment"),
        ),
        sa.CheckConstraint(
            "weekday BETWEEN 0 AND 6", name=op.f("ck_clinic_opening_hours_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_clinic_opening_hours_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_opening_hours")),
        sa.UniqueConstraint("clinic_id", "weekday", name=op.f("uq_clinic_opening_hours_clinic_id")),
    )
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step_free", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("accessible_toilet", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("parking", sa.String(length=160), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("nearest_station", sa.String(length=160), server_default="", nullable=False)
        )

    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("languages", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(
            sa.Column(
                "consultation",
                sa.Enum(
                    "free",
                    "deducted",
                    "charged",
                    name="consultationfee",
                    native_enum=False,
                    length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("consultation_fee_pence", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.drop_column("consultation_fee_pence")
        batch_op.drop_column("consultation")
        batch_op.drop_column("languages")

    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_column("nearest_station")
        batch_op.drop_column("parking")
        batch_op.drop_column("accessible_toilet")
        batch_op.drop_column("step_free")

    op.drop_table("clinic_opening_hours")
