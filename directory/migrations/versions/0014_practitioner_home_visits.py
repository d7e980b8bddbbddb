"""practitioner home visits: base postcode, its point and how far they travel

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 17:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("travel_postcode", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("travel_latitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("travel_longitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("travel_miles", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("practitioners", schema=None) as batch_op:
        batch_op.drop_column("travel_miles")
        batch_op.drop_column("travel_longitude")
        batch_op.drop_column("travel_latitude")
        batch_op.drop_column("travel_postcode")
