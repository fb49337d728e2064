/**
 * Which module owns each table. Only the owner's `*.queries.ts` files write a table or select
 * from it as the main table; another module calls the owner's exported functions. A query may
 * join another module's table to read a column or apply a scope (reports and scoped lists need
 * that), never write it. `server/test/structure.unit.test.ts` holds the code to this map, and
 * the type makes a new table without an owner a compile error.
 */
import type { DB } from './schema.js';

export const TABLE_OWNERS = {
  regions: 'regions',
  calendar_days: 'regions',
  occupations: 'occupations',
  one_plus_x_certificates: 'occupations',
  skill_levels: 'occupations',
  users: 'accounts',
  second_factors: 'accounts',
  recovery_codes: 'accounts',
  login_failures: 'auth',
  sessions: 'auth',
  audit_log: 'audit',
  evidence_blobs: 'files',
  institutions: 'institutions',
  institution_scopes: 'institutions',
  institution_events: 'institutions',
  filing_serials: 'institutions',
  filing_applications: 'institutions',
  filing_application_scopes: 'institutions',
  filing_steps: 'institutions',
  prerequisite_evidence: 'institutions',
  staff: 'staff',
  staff_occupations: 'staff',
  staff_assignments: 'staff',
  evaluation_specs: 'specs',
  spec_reviews: 'specs',
  learners: 'people',
  learner_situation_changes: 'people',
  graduating_classes: 'people',
  signing_keys: 'signing',
  certificate_serials: 'certificates',
  certificates: 'certificates',
  certificate_events: 'certificates',
  occupation_standards: 'assessment',
  evaluation_plans: 'assessment',
  registrations: 'assessment',
  registration_decisions: 'assessment',
  exam_sessions: 'assessment',
  session_rooms: 'assessment',
  session_staff: 'assessment',
  session_candidates: 'assessment',
  score_entries: 'assessment',
  score_confirmations: 'assessment',
  objections: 'assessment',
  one_plus_x_holdings: 'pathways',
  competitions: 'pathways',
  competition_tier_caps: 'pathways',
  partnerships: 'pathways',
  pathway_records: 'pathways',
  rate_limits: 'verification',
  challenge_counts: 'verification',
  spent_challenges: 'verification',
  certificate_credentials: 'credentials',
  status_list_credentials: 'credentials',
  targets: 'targets',
  progress_daily: 'targets',
  monthly_reports: 'targets',
  report_delays: 'targets',
} as const satisfies Record<keyof DB, string>;

export type TableName = keyof DB;
export type ModuleName = (typeof TABLE_OWNERS)[TableName];
