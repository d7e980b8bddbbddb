"""enquiries, accepting enquiries, terms acceptance

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "enquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relayed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_enquiries_clinic_id_clinics"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name=op.f("fk_enquiries_practitioner_id_practitioners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enquiries")),
    )
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enquiries_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_enquiries_practitioner_id"), ["practitioner_id"], unique=False
        )

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("terms_accepted_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("accepts_enquiries", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.drop_column("accepts_enquiries")

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("terms_accepted_at")

    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enquiries_practitioner_id"))
        batch_op.drop_index(batch_op.f("ix_enquiries_created_at"))

    op.drop_table("enquiries")
