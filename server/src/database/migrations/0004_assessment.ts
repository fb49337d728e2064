/**
 * Frozen: skill-level evaluation by exam (CERT-2, CERT-11): occupation standards with their
 * eligibility rules, the working-day calendar overrides, evaluation plans, registrations,
 * sessions with staff, scores as a versioned ledger, objections.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = (name: string) => withIdColumn(db, db.schema.createTable(name));
  const ts = 'varchar(30)';

  await t('occupation_standards')
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('edition', 'varchar(20)', (c) => c.notNull())
    .addColumn('theory', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('practical', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('panel', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pass_mark', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('theory_minutes', 'integer', (c) => c.notNull().defaultTo(90))
    .addColumn('practical_minutes', 'integer', (c) => c.notNull().defaultTo(120))
    .addColumn('panel_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('invigilator_ratio', 'integer', (c) => c.notNull().defaultTo(15))
    .addColumn('min_invigilators', 'integer', (c) => c.notNull().defaultTo(2))
    .addColumn('examiner_ratio', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('min_examiners', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('min_panel', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('eligibility_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('occupation_standards_uq', ['occupation_id', 'level'])
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('work', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(40)')
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await t('evaluation_plans')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('fee', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // draft | published | results_published | finalized | cancelled
    .addColumn('notice', 'varchar(2000)')
    .addColumn('published_at', ts)
    .addColumn('results_published_at', ts)
    .addColumn('publicity_until', 'varchar(10)')
    .addColumn('finalized_at', ts)
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evaluation_plans_inst_idx')
    .on('evaluation_plans')
    .columns(['institution_id', 'year'])
    .execute();

  await t('registrations')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('evaluation_plans.id'))
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // eligible | ineligible | pending
    .addColumn('eligibility_json', 'text')
    .addColumn('years_in_occupation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('working_in_occupation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('title', 'varchar(20)')
    .addColumn('title_since', 'varchar(10)')
    .addColumn('outstanding_graduate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decision', 'varchar(10)', (c) => c.notNull()) // auto | manual
    .addColumn('decision_reason', 'varchar(500)')
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', ts)
    .addColumn('fee', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'varchar(10)') // passed | failed
    .addColumn('certificate_id', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('registrations_plan_learner_uq', ['plan_id', 'learner_id'])
    .execute();

  await t('exam_sessions')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('evaluation_plans.id'))
    .addColumn('part', 'varchar(10)', (c) => c.notNull()) // theory | practical | panel
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('site', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await t('session_rooms')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('exam_sessions.id'))
    .addColumn('room', 'varchar(40)', (c) => c.notNull())
    .execute();
  await t('session_staff')
    .addColumn('room_id', 'integer', (c) => c.notNull().references('session_rooms.id'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('duty', 'varchar(20)', (c) => c.notNull()) // invigilator | examiner | panel
    .execute();
  await t('session_candidates')
    .addColumn('room_id', 'integer', (c) => c.notNull().references('session_rooms.id'))
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id'))
    .addColumn('seat', 'integer', (c) => c.notNull())
    .addColumn('ticket_no', 'varchar(30)', (c) => c.notNull().unique())
    .execute();

  // the score ledger (CERT-11): never edited in place; a correction is a new version with a reason
  await t('score_entries')
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id'))
    .addColumn('part', 'varchar(10)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('score_x10', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('entered_by', 'integer', (c) => c.notNull())
    .addColumn('entered_at', ts, (c) => c.notNull())
    .addUniqueConstraint('score_entries_uq', ['registration_id', 'part', 'version'])
    .execute();
  await t('score_confirmations')
    .addColumn('entry_id', 'integer', (c) => c.notNull().unique().references('score_entries.id'))
    .addColumn('confirmed_by', 'integer', (c) => c.notNull())
    .addColumn('confirmed_at', ts, (c) => c.notNull())
    .execute();

  await t('objections')
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id'))
    .addColumn('text', 'varchar(1000)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull()) // open | upheld | dismissed
    .addColumn('resolution', 'varchar(1000)')
    .addColumn('raised_by', 'integer', (c) => c.notNull())
    .addColumn('resolved_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
