/**
 * Frozen: subsidised training, part A (TRAIN-1, 2, 3, 5, 6, 7, 8, 11, 12, 13) — the training
 * provider catalogue (培训机构目录清单) on top of the institutions registry (one organisation, one
 * record: a provider is an institution with a catalogue entry), its training scope, annual
 * inspections and entry/exit history; full-time trainers (专职师资) as people; cross-region filings
 * with the HRSS of the place; classes applied for and approved before they start, with their
 * workflow steps; trainees as people (never an ID number here); the province's per-occupation
 * training settings; and the rectification periods that stop a provider opening classes.
 */
import { sql, type Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  const day = 'varchar(10)';

  await withIdColumn(db, db.schema.createTable('training_providers'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().unique().references('institutions.id'))
    // college | technician_college | private_school | enterprise_centre | online_platform
    .addColumn('provider_type', 'varchar(20)', (c) => c.notNull())
    // listed | exited
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('listed_on', day, (c) => c.notNull())
    .addColumn('exited_on', day)
    .addColumn('exit_reason', 'varchar(1000)')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_providers_status_idx').on('training_providers').column('status').execute();

  await withIdColumn(db, db.schema.createTable('training_provider_occupations'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('added_on', day, (c) => c.notNull())
    .addUniqueConstraint('training_provider_occupations_uq', ['provider_id', 'occupation_id'])
    .execute();

  // list | exit | relist | scope | inspection: the catalogue entry's history
  await withIdColumn(db, db.schema.createTable('training_provider_events'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    .addColumn('type', 'varchar(12)', (c) => c.notNull())
    .addColumn('detail', 'varchar(1000)')
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_provider_events_provider_idx')
    .on('training_provider_events')
    .column('provider_id')
    .execute();

  await withIdColumn(db, db.schema.createTable('training_inspections'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // qualified | basically_qualified | unqualified
    .addColumn('result', 'varchar(24)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_by_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .addUniqueConstraint('training_inspections_uq', ['provider_id', 'year'])
    .execute();

  await withIdColumn(db, db.schema.createTable('training_trainers'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    // the person (`learners`, one row per identity document)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('title', 'varchar(60)')
    .addColumn('teacher_certificate', 'integer', (c) => c.notNull().defaultTo(0))
    // active | left
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('registered_on', day, (c) => c.notNull())
    .addColumn('left_on', day)
    .addColumn('left_reason', 'varchar(500)')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  // a person is a full-time trainer of one provider at a time: counted once (TRAIN-12)
  await sql`create unique index training_trainers_active_person_uq on training_trainers (person_id) where status = 'active'`.execute(
    db,
  );
  await db.schema.createIndex('training_trainers_provider_idx').on('training_trainers').column('provider_id').execute();

  await withIdColumn(db, db.schema.createTable('training_trainer_occupations'))
    .addColumn('trainer_id', 'integer', (c) => c.notNull().references('training_trainers.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addUniqueConstraint('training_trainer_occupations_uq', ['trainer_id', 'occupation_id'])
    .execute();

  // TRAIN-13: the provider's filing with the HRSS of a city-level unit where it trains
  await withIdColumn(db, db.schema.createTable('training_filings'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('valid_from', day, (c) => c.notNull())
    .addColumn('valid_until', day, (c) => c.notNull())
    .addColumn('note', 'varchar(1000)')
    // submitted | approved | refused
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('applied_by', 'integer')
    .addColumn('applied_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'integer')
    .addColumn('decided_by_name', 'varchar(40)')
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'varchar(1000)')
    .execute();
  await db.schema
    .createIndex('training_filings_provider_idx')
    .on('training_filings')
    .columns(['provider_id', 'region_code'])
    .execute();

  await withIdColumn(db, db.schema.createTable('training_classes'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('level', 'integer')
    // employment | upgrading | entrepreneurship | apprenticeship
    .addColumn('class_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('subsidised', 'integer', (c) => c.notNull())
    // offline | online
    .addColumn('mode', 'varchar(10)', (c) => c.notNull())
    .addColumn('theory_hours', 'integer', (c) => c.notNull())
    .addColumn('practical_hours', 'integer', (c) => c.notNull())
    .addColumn('minutes_per_hour', 'integer', (c) => c.notNull())
    .addColumn('teachers', 'integer', (c) => c.notNull())
    .addColumn('workstations', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('start_date', day, (c) => c.notNull())
    .addColumn('end_date', day, (c) => c.notNull())
    // the site's region (培训所在地): its HRSS approves
    .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('site', 'varchar(200)', (c) => c.notNull())
    // TRAIN-6: the majors the class's occupation corresponds to, JSON array of text
    .addColumn('majors_json', 'text', (c) => c.notNull())
    // skill_level | qualification | special_operation | special_ability | completion, decided from records
    .addColumn('certificate_route', 'varchar(20)', (c) => c.notNull())
    // draft | submitted | returned | approved | withdrawn | cancelled
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('submitted_at', ts)
    .addColumn('decided_by', 'integer')
    .addColumn('decided_by_name', 'varchar(40)')
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'varchar(1000)')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_classes_provider_idx').on('training_classes').column('provider_id').execute();
  await db.schema.createIndex('training_classes_status_idx').on('training_classes').column('status').execute();
  await db.schema.createIndex('training_classes_region_idx').on('training_classes').column('region_code').execute();

  await withIdColumn(db, db.schema.createTable('training_class_events'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('training_classes.id'))
    .addColumn('step', 'varchar(12)', (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)')
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_class_events_class_idx')
    .on('training_class_events')
    .column('class_id')
    .execute();

  await withIdColumn(db, db.schema.createTable('training_trainees'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('training_classes.id'))
    // the person (`learners`): no identity document is stored here
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('target_group', 'varchar(24)', (c) => c.notNull())
    .addColumn('responsible_department', 'varchar(24)', (c) => c.notNull())
    .addColumn('post_occupation_id', 'integer', (c) => c.references('occupations.id'))
    .addColumn('employment_intention', 'integer', (c) => c.notNull())
    // the student situation the enrolment was judged on (TRAIN-6), JSON
    .addColumn('situation_json', 'text', (c) => c.notNull())
    // form | import
    .addColumn('source', 'varchar(8)', (c) => c.notNull())
    // enrolled | withdrawn
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('enrolled_by', 'integer')
    .addColumn('enrolled_at', ts, (c) => c.notNull())
    .addColumn('withdrawn_at', ts)
    .addColumn('withdrawn_reason', 'varchar(500)')
    // TRAIN-11: the day the trainee's completion assessment took place (set by the completion records)
    .addColumn('assessed_on', day)
    .addUniqueConstraint('training_trainees_uq', ['class_id', 'learner_id'])
    .execute();
  await db.schema.createIndex('training_trainees_learner_idx').on('training_trainees').column('learner_id').execute();

  // the province's training rules per occupation: "unless the occupation says otherwise" (TRAIN-3, TRAIN-11)
  await db.schema
    .createTable('training_occupation_settings')
    .addColumn('occupation_id', 'integer', (c) => c.primaryKey().references('occupations.id'))
    .addColumn('min_hours', 'integer')
    // qualification | special_operation | special_ability
    .addColumn('other_certificate', 'varchar(20)')
    .addColumn('offline_practical_hours', 'integer')
    .addColumn('updated_by', 'integer')
    .addColumn('updated_by_name', 'varchar(40)')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  // TRAIN-8: a month of rectification (no new class) after a satisfaction survey below 85%
  await withIdColumn(db, db.schema.createTable('training_rectifications'))
    .addColumn('provider_id', 'integer', (c) => c.notNull().references('training_providers.id'))
    .addColumn('class_id', 'integer', (c) => c.references('training_classes.id'))
    .addColumn('satisfaction_permille', 'integer')
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    .addColumn('starts_on', day, (c) => c.notNull())
    .addColumn('ends_on', day, (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_rectifications_provider_idx')
    .on('training_rectifications')
    .columns(['provider_id', 'starts_on'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
