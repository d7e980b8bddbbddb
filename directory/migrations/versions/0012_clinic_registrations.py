"""clinic registrations with the care regulator, and their renewal reminders

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:33:35.446803

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "clinic_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("regulator", "licence", name="registrationkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("regulator", sa.String(length=10), nullable=True),
        sa.Column("authority", sa.String(length=120), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("evidence_path", sa.String(length=200), nullable=True),
        sa.Column("evidence_filename", sa.String(length=200), nullable=True),
        sa.Column("evidence_mimetype", sa.String(length=60), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "verified",
                "rejected",
                "expired",
                "revoked",
                "renewed",
                name="claimstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("register_note", sa.Text(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_clinic_registrations_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["accounts.id"],
            name=op.f("fk_clinic_registrations_decided_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["accounts.id"],
            name=op.f("fk_clinic_registrations_submitted_by_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_registrations")),
    )
    with op.batch_alter_table("clinic_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_registrations_clinic_id"), ["clinic_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clinic_registrations_expires_on"), ["expires_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_clinic_registrations_status"), ["status"], unique=False
        )
        batch_op.create_index(
            "uq_clinic_registrations_open_kind",
            ["clinic_id", "kind"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'verified')"),
            postgresql_where=sa.text("status IN ('pending', 'verified')"),
        )

    op.create_table(
        "registration_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["clinic_registrations.id"],
            name=op.f("fk_registration_reminders_registration_id_clinic_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_reminders")),
        sa.UniqueConstraint(
            "registration_id",
            "expires_on",
            "days_before",
            name=op.f("uq_registration_reminders_registration_id"),
        ),
    )


def downgrade():
    op.drop_table("registration_reminders")
    with op.batch_alter_table("clinic_registrations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_clinic_registrations_open_kind",
            sqlite_where=sa.text("status IN ('pending', 'verified')"),
            postgresql_where=sa.text("status IN ('pending', 'verified')"),
        )
        batch_op.drop_index(batch_op.f("ix_clinic_registrations_status"))
        batch_op.drop_index(batch_op.f("ix_clinic_registrations_expires_on"))
        batch_op.drop_index(batch_op.f("ix_clinic_registrations_clinic_id"))

    op.drop_table("clinic_registrations")
