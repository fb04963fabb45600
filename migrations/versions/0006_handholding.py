"""Handholding staff and their attendance, equipment and faults, training, CCTNS user ids, campaigns.

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-22 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_count', sa.Integer(), nullable=True),
    sa.Column('selection', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    op.create_table('equipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('make_model', sa.String(length=120), nullable=False),
    sa.Column('serial_no', sa.String(length=80), nullable=False),
    sa.Column('location', sa.String(length=120), nullable=False),
    sa.Column('installed_on', sa.Date(), nullable=True),
    sa.Column('retired_on', sa.Date(), nullable=True),
    sa.Column('retired_reason', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment'))
    )
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_kind'), ['kind'], unique=False)

    op.create_table('hh_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('vendor', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('office_kind', sa.String(length=16), nullable=False),
    sa.Column('office_name', sa.String(length=120), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hh_staff'))
    )
    op.create_table('campaign_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_progress_campaign_id_campaigns')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_progress'))
    )
    with op.batch_alter_table('campaign_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_progress_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('cctns_id_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=True),
    sa.Column('user_id', sa.String(length=60), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_cctns_id_requests_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cctns_id_requests'))
    )
    with op.batch_alter_table('cctns_id_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cctns_id_requests_person_id'), ['person_id'], unique=False)

    op.create_table('equipment_faults',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('equipment_id', sa.Integer(), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_by', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('ticket_no', sa.String(length=60), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['equipment_id'], ['equipment.id'], name=op.f('fk_equipment_faults_equipment_id_equipment')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['persons.id'], name=op.f('fk_equipment_faults_reported_by_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment_faults'))
    )
    with op.batch_alter_table('equipment_faults', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_faults_equipment_id'), ['equipment_id'], unique=False)
        batch_op.create_index('ix_equipment_faults_open', ['resolved_at', 'reported_at'], unique=False)

    op.create_table('hh_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('time_in', sa.Time(), nullable=True),
    sa.Column('time_out', sa.Time(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['persons.id'], name=op.f('fk_hh_attendance_recorded_by_id_persons')),
    sa.ForeignKeyConstraint(['staff_id'], ['hh_staff.id'], name=op.f('fk_hh_attendance_staff_id_hh_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hh_attendance')),
    sa.UniqueConstraint('staff_id', 'day', name=op.f('uq_hh_attendance_staff_id'))
    )
    with op.batch_alter_table('hh_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hh_attendance_day'), ['day'], unique=False)

    op.create_table('trainings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('trainer', sa.String(length=120), nullable=False),
    sa.Column('trainer_staff_id', sa.Integer(), nullable=True),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('cctns', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['trainer_staff_id'], ['hh_staff.id'], name=op.f('fk_trainings_trainer_staff_id_hh_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainings'))
    )
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainings_held_on'), ['held_on'], unique=False)

    op.create_table('equipment_fault_escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fault_id', sa.Integer(), nullable=False),
    sa.Column('escalated_at', sa.DateTime(), nullable=False),
    sa.Column('escalated_to', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['fault_id'], ['equipment_faults.id'], name=op.f('fk_equipment_fault_escalations_fault_id_equipment_faults')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equipment_fault_escalations'))
    )
    with op.batch_alter_table('equipment_fault_escalations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equipment_fault_escalations_fault_id'), ['fault_id'], unique=False)

    op.create_table('hh_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('arrived_at', sa.DateTime(), nullable=False),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('work_done', sa.Text(), nullable=False),
    sa.Column('fault_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['fault_id'], ['equipment_faults.id'], name=op.f('fk_hh_visits_fault_id_equipment_faults')),
    sa.ForeignKeyConstraint(['staff_id'], ['hh_staff.id'], name=op.f('fk_hh_visits_staff_id_hh_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hh_visits'))
    )
    with op.batch_alter_table('hh_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hh_visits_arrived_at'), ['arrived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hh_visits_staff_id'), ['staff_id'], unique=False)

    op.create_table('training_attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('training_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_training_attendees_person_id_persons')),
    sa.ForeignKeyConstraint(['training_id'], ['trainings.id'], name=op.f('fk_training_attendees_training_id_trainings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendees')),
    sa.UniqueConstraint('training_id', 'person_id', name=op.f('uq_training_attendees_training_id'))
    )
    with op.batch_alter_table('training_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendees_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_attendees_training_id'), ['training_id'], unique=False)

    op.create_table('campaign_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_items_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['obligation_id'], ['obligations.id'], name=op.f('fk_campaign_items_obligation_id_obligations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_items')),
    sa.UniqueConstraint('campaign_id', 'obligation_id', name=op.f('uq_campaign_items_campaign_id'))
    )
    with op.batch_alter_table('campaign_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_items_campaign_id'), ['campaign_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('campaign_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_items_campaign_id'))

    op.drop_table('campaign_items')
    with op.batch_alter_table('training_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendees_training_id'))
        batch_op.drop_index(batch_op.f('ix_training_attendees_person_id'))

    op.drop_table('training_attendees')
    with op.batch_alter_table('hh_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hh_visits_staff_id'))
        batch_op.drop_index(batch_op.f('ix_hh_visits_arrived_at'))

    op.drop_table('hh_visits')
    with op.batch_alter_table('equipment_fault_escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_fault_escalations_fault_id'))

    op.drop_table('equipment_fault_escalations')
    with op.batch_alter_table('trainings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainings_held_on'))

    op.drop_table('trainings')
    with op.batch_alter_table('hh_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hh_attendance_day'))

    op.drop_table('hh_attendance')
    with op.batch_alter_table('equipment_faults', schema=None) as batch_op:
        batch_op.drop_index('ix_equipment_faults_open')
        batch_op.drop_index(batch_op.f('ix_equipment_faults_equipment_id'))

    op.drop_table('equipment_faults')
    with op.batch_alter_table('cctns_id_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cctns_id_requests_person_id'))

    op.drop_table('cctns_id_requests')
    with op.batch_alter_table('campaign_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_progress_campaign_id'))

    op.drop_table('campaign_progress')
    op.drop_table('hh_staff')
    with op.batch_alter_table('equipment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equipment_kind'))

    op.drop_table('equipment')
    op.drop_table('campaigns')
