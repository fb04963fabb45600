"""Initial schema: station, roles, duties, persons, role assignments, cases, events, obligations, audit, settings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 11:50:57.502162
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('circulars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('number', sa.String(length=80), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('subject_hi', sa.Text(), nullable=False),
    sa.Column('subject_en', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circulars')),
    sa.UniqueConstraint('key', name=op.f('uq_circulars_key'))
    )
    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('rank', sa.String(length=60), nullable=False),
    sa.Column('pno', sa.String(length=40), nullable=True),
    sa.Column('cctns_user_id', sa.String(length=60), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('pno', name=op.f('uq_persons_pno'))
    )
    op.create_table('roles',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('section', sa.String(length=2), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('name_hi', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_roles'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('district', sa.String(length=120), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at_utc', sa.DateTime(), nullable=False),
    sa.Column('at_local', sa.DateTime(), nullable=False),
    sa.Column('actor_person_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=120), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=40), nullable=True),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['actor_person_id'], ['persons.id'], name=op.f('fk_audit_entries_actor_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_entries_seq'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('offence_date', sa.Date(), nullable=True),
    sa.Column('act', sa.String(length=40), nullable=False),
    sa.Column('sections', sa.String(length=200), nullable=False),
    sa.Column('io_person_id', sa.Integer(), nullable=True),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('punishment_class', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['io_person_id'], ['persons.id'], name=op.f('fk_cases_io_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('kind', 'year', 'number', name=op.f('uq_cases_kind'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_io_person_id'), ['io_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_registered_at'), ['registered_at'], unique=False)

    op.create_table('duties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('circular_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('role_code', sa.String(length=16), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text_hi', sa.Text(), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=False),
    sa.Column('form', sa.String(length=16), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('recurrence', sa.String(length=12), nullable=True),
    sa.Column('note_en', sa.Text(), nullable=False),
    sa.Column('label_hi', sa.Text(), nullable=True),
    sa.Column('label_en', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['circular_id'], ['circulars.id'], name=op.f('fk_duties_circular_id_circulars')),
    sa.ForeignKeyConstraint(['role_code'], ['roles.code'], name=op.f('fk_duties_role_code_roles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duties')),
    sa.UniqueConstraint('circular_id', 'code', name=op.f('uq_duties_circular_id'))
    )
    op.create_table('role_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role_code', sa.String(length=16), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_role_assignments_person_id_persons')),
    sa.ForeignKeyConstraint(['role_code'], ['roles.code'], name=op.f('fk_role_assignments_role_code_roles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignments'))
    )
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_assignments_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_assignments_role_code'), ['role_code'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_events_case_id_cases')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_events_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_case_kind', ['case_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_id', sa.Integer(), nullable=False),
    sa.Column('role_code', sa.String(length=16), nullable=False),
    sa.Column('form', sa.String(length=16), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('rule_key', sa.String(length=60), nullable=True),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('period_key', sa.String(length=20), nullable=True),
    sa.Column('anchor_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cas_ref', sa.String(length=80), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('entered_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('na_reason', sa.Text(), nullable=True),
    sa.Column('na_by_id', sa.Integer(), nullable=True),
    sa.Column('na_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_obligations_case_id_cases')),
    sa.ForeignKeyConstraint(['duty_id'], ['duties.id'], name=op.f('fk_obligations_duty_id_duties')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['persons.id'], name=op.f('fk_obligations_entered_by_id_persons')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_obligations_event_id_events')),
    sa.ForeignKeyConstraint(['na_by_id'], ['persons.id'], name=op.f('fk_obligations_na_by_id_persons')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_obligations_person_id_persons')),
    sa.ForeignKeyConstraint(['role_code'], ['roles.code'], name=op.f('fk_obligations_role_code_roles')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['persons.id'], name=op.f('fk_obligations_verified_by_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obligations')),
    sa.UniqueConstraint('duty_id', 'period_key', name=op.f('uq_obligations_duty_id'))
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligations_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_obligations_person_status_due', ['person_id', 'status', 'due_at'], unique=False)
        batch_op.create_index('ix_obligations_status_due', ['status', 'due_at'], unique=False)
        batch_op.create_index('ix_obligations_status_role_form', ['status', 'role_code', 'form'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index('ix_obligations_status_role_form')
        batch_op.drop_index('ix_obligations_status_due')
        batch_op.drop_index('ix_obligations_person_status_due')
        batch_op.drop_index(batch_op.f('ix_obligations_case_id'))

    op.drop_table('obligations')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_occurred_at'))
        batch_op.drop_index('ix_events_case_kind')

    op.drop_table('events')
    with op.batch_alter_table('role_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_assignments_role_code'))
        batch_op.drop_index(batch_op.f('ix_role_assignments_person_id'))

    op.drop_table('role_assignments')
    op.drop_table('duties')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_registered_at'))
        batch_op.drop_index(batch_op.f('ix_cases_kind'))
        batch_op.drop_index(batch_op.f('ix_cases_io_person_id'))

    op.drop_table('cases')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))

    op.drop_table('audit_entries')
    op.drop_table('stations')
    op.drop_table('settings')
    op.drop_table('roles')
    op.drop_table('persons')
    op.drop_table('circulars')
