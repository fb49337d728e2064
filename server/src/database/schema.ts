/**
 * Table types of the database, one interface per table (Kysely's `DB`). Times are ISO-8601 UTC
 * text on both dialects; flags are 0/1 integers on both; JSON is text. Keeping the stored types
 * identical is what lets one set of queries run on SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** 行政区划 (GB/T 2260); `path` follows the reporting tree (省直管县 sit under the province). */
export interface RegionTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parent_code: string | null;
  gb_parent_code: string | null;
  path: string;
  is_direct_county: number;
  sort: number;
  updated_at: string;
}

/** 职业 with its code and edition of the occupation classification (大典). */
export interface OccupationTable {
  id: Generated<number>;
  code: string;
  name: string;
  edition: string;
  note: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  /** 0 when no national occupational skill standard exists: a filed evaluation specification is needed (INST-7) */
  has_national_standard: Generated<number>;
}

/** 1+X 职业技能等级证书 and the training-and-evaluation organisation that runs it. */
export interface OnePlusXTable {
  id: Generated<number>;
  batch: number;
  name: string;
  organisation: string;
  active: number;
  created_at: string;
  updated_at: string;
  /** the occupation a 1+X certificate is recognised in (CERT-3) */
  mapped_occupation_id: number | null;
}

export interface SkillLevelTable {
  digit: number;
  name: string;
  title: string;
  name_en: string;
  high_skill: number;
}

/** 评价机构 / 院校: the registry the filing workflow builds on. */
export interface InstitutionTable {
  id: Generated<number>;
  name: string;
  kind: string;
  school_type: string | null;
  owner: 'province' | 'local';
  region_code: string;
  created_at: string;
  updated_at: string;
  /** 备案号, 13 characters, assigned when filed (INST-5) */
  filing_no: string | null;
  status: Generated<InstitutionStatus>;
  filed_at: string | null;
  /** yyyy-mm-dd, three years after filing */
  valid_until: string | null;
  rectification_deadline: string | null;
  /** 统一社会信用代码 */
  credit_code: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  address: string | null;
}

export type InstitutionStatus = 'unfiled' | 'filed' | 'rectification' | 'suspended' | 'revoked';

export interface FilingSerialTable {
  province_code: string;
  last_serial: number;
}

/** 备案申请: an initial filing or a later scope extension (INST-2, INST-4). */
export interface FilingApplicationTable {
  id: Generated<number>;
  institution_id: number;
  kind: 'initial' | 'scope_extension';
  status: 'draft' | 'submitted' | 'recommended' | 'returned' | 'filed' | 'rejected' | 'withdrawn';
  stage: 'education' | 'hrss' | 'done';
  review_department: string | null;
  review_region_code: string | null;
  filing_department: string;
  filing_region_code: string;
  note: string | null;
  created_by: number;
  submitted_by: number | null;
  submitted_at: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FilingApplicationScopeTable {
  id: Generated<number>;
  application_id: number;
  occupation_id: number;
  level: number;
  spec_id: number | null;
}

export interface FilingStepTable {
  id: Generated<number>;
  application_id: number;
  action: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  department: string | null;
  reason: string | null;
  detail_json: string | null;
  at: string;
}

export interface EvidenceBlobTable {
  id: Generated<number>;
  sha256: string;
  content: Buffer;
  size: number;
}

/** 备案条件 evidence: one row per uploaded item (INST-3). */
export interface PrerequisiteEvidenceTable {
  id: Generated<number>;
  institution_id: number;
  item: string;
  occupation_id: number | null;
  description: string | null;
  file_name: string | null;
  mime: string | null;
  size: number | null;
  sha256: string | null;
  uploaded_by: number;
  uploaded_at: string;
  removed_at: string | null;
}

/** 评价范围: occupation × level pairs an institution may certify (INST-4). */
export interface InstitutionScopeTable {
  id: Generated<number>;
  institution_id: number;
  occupation_id: number;
  level: number;
  spec_id: number | null;
  application_id: number;
  granted_at: string;
}

/** 考评员 / 高级考评员 / 质量督导员 / 专家 */
export interface StaffTable {
  id: Generated<number>;
  kind: 'examiner' | 'senior_examiner' | 'quality_supervisor' | 'expert';
  institution_id: number | null;
  region_code: string;
  name: string;
  supervisor_type: 'internal' | 'external' | null;
  card_no: string | null;
  qualification: string | null;
  phone: string | null;
  status: Generated<'active' | 'disqualified'>;
  disqualified_reason: string | null;
  disqualified_at: string | null;
  created_at: string;
  updated_at: string;
  /** the person (`learners`, one per identity document); null only on rows from before 0011 */
  person_id: number | null;
}

export interface StaffOccupationTable {
  id: Generated<number>;
  staff_id: number;
  occupation_id: number;
}

export interface StaffAssignmentTable {
  id: Generated<number>;
  staff_id: number;
  work_type: string;
  ref_type: string;
  ref_id: number;
  assigned_by: number;
  assigned_at: string;
}

/** 评价规范 for an occupation without a national standard (INST-7). */
export interface EvaluationSpecTable {
  id: Generated<number>;
  institution_id: number;
  occupation_id: number;
  title: string;
  levels: string;
  status: 'draft' | 'under_review' | 'filed' | 'rejected';
  filed_by: number | null;
  filed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SpecReviewTable {
  id: Generated<number>;
  spec_id: number;
  expert_id: number;
  opinion: 'agree' | 'disagree';
  comment: string | null;
  recorded_by: number;
  at: string;
}

/** Dynamic management and credit events (INST-5, INST-8). */
export interface InstitutionEventTable {
  id: Generated<number>;
  institution_id: number;
  type: string;
  reason: string | null;
  deadline: string | null;
  status_before: string | null;
  status_after: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: string;
}

/** 学员 / 考生: a person who is trained, evaluated and certified. */
export interface LearnerTable {
  id: Generated<number>;
  name: string;
  id_type: 'resident_id' | 'passport' | 'hk_macao' | 'taiwan';
  /** the ID number sealed under `learners.id_number` (lib/personal-data.ts); views show it masked */
  id_number_enc: string;
  /** the keyed look-up hash of the number: unique with `id_type`; the same in every table */
  id_number_hash: string;
  /** derived from a resident ID number (GB 11643), kept plain for eligibility (ages, CERT-2) */
  gender: string | null;
  birth_date: string | null;
  phone: string | null;
  student_type: string | null;
  school_institution_id: number | null;
  major: string | null;
  graduation_year: number | null;
  in_school: number;
  photo_sha256: string | null;
  user_id: number | null;
  created_at: string;
  updated_at: string;
}

/** A change of a learner's student situation (学生身份变更记录), applied or asked for and kept. */
export interface LearnerSituationChangeTable {
  id: Generated<number>;
  learner_id: number;
  before_json: string;
  after_json: string;
  applied: number;
  note: string | null;
  source: string;
  source_ref: string | null;
  institution_id: number | null;
  changed_by: number | null;
  changed_by_name: string | null;
  at: string;
}

export interface CertificateSerialTable {
  filing_no: string;
  year: number;
  level: number;
  last_serial: number;
}

/** 职业技能等级证书 (CERT-7): what was issued, as issued. */
export interface CertificateTable {
  id: Generated<number>;
  number: string;
  kind: 'skill';
  institution_id: number;
  learner_id: number;
  occupation_id: number;
  work_type: string | null;
  level: number;
  pathway: 'exam' | 'recognition' | 'process' | 'competition' | 'enterprise';
  issued_on: string;
  status: 'valid' | 'suspended' | 'revoked';
  verify_code: string;
  fee: number;
  source_type: string | null;
  source_id: number | null;
  holder_name: string;
  holder_id_type: string;
  /** the holder's ID number as issued, sealed under `certificates.holder_id_number`; the seal signs the plain number */
  holder_id_number_enc: string;
  /** its keyed look-up hash (public verification by ID number + name) */
  holder_id_number_hash: string;
  institution_name: string;
  filing_no: string;
  occupation_code: string;
  occupation_name: string;
  issued_by: number;
  created_at: string;
  /** Ed25519 signature (base64url) over the certificate's canonical fields, and the key that made it */
  seal: string | null;
  seal_kid: string | null;
}

/**
 * 国家职业资格证书 / 专项职业能力证书 / 特种作业操作证: a certificate issued outside the platform's
 * skill-level chain, recorded by the HRSS department that holds the record (migration 0030).
 */
export interface OtherCertificateTable {
  id: Generated<number>;
  kind: 'qualification' | 'special_ability' | 'special_operation';
  learner_id: number;
  occupation_id: number;
  item: string | null;
  /** 1–5 for a 国家职业资格证书; null for the kinds without levels */
  level: number | null;
  number: string;
  issued_on: string;
  issuing_body: string;
  region_code: string;
  status: 'valid' | 'revoked';
  revoked_on: string | null;
  revoke_reason: string | null;
  recorded_by: number | null;
  recorded_by_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface SigningKeyTable {
  kid: string;
  algorithm: string;
  public_key_pem: string;
  created_at: string;
  retired_at: string | null;
}

export interface RateLimitTable {
  key: string;
  window_start: number;
  hits: number;
}

/** A proof-of-work solution already used (its challenge's signature), kept until the challenge expires: each one passes once. */
export interface SpentChallengeTable {
  signature: string;
  /** Unix seconds */
  expires_at: number;
}

/** The Open Badges 3.0 credential of a certificate (null while it waits to be signed). */
export interface CertificateCredentialTable {
  certificate_id: number;
  credential_json: string | null;
  kid: string | null;
  claimed_at: string;
  signed_at: string | null;
}

/** A credential-signing batch a server ran: the measured rate behind a pending credential's expected time. */
export interface CredentialSigningBatchTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string;
  signed: number;
  threads: number;
}

/** A tracked job (issue 17): work longer than a request, followed by its owner. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  owner_user_id: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  params: string;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  result_file: string | null;
  result_name: string | null;
  result_size: number | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  /** the step a running job is in (an import: check, then write) */
  phase: string | null;
  /** a result that is an answer rather than a file (JSON: an import's counts and notes) */
  result_json: string | null;
  /** a failure's details beyond code and message (JSON: { rule?, details? }) */
  error_json: string | null;
  /** when the result file was deleted after the retention period (JOB_RESULT_RETENTION_DAYS) */
  result_expired_at: string | null;
  /** what the job works on ('plan:12'); at most one queued or running job per subject (unique index) */
  subject: string | null;
}

/** Credentials signed in an older shape, waiting to be signed afresh in the current one. */
export interface CredentialReissueTable {
  certificate_id: number;
}

export interface StatusListCredentialTable {
  list_id: number;
  /** `message`: one 2-bit entry per certificate (valid / suspended / revoked); the others: the 1-bit lists of older credentials */
  purpose: 'message' | 'revocation' | 'suspension';
  credential_json: string;
  built_at: string;
}

export interface CertificateEventTable {
  id: Generated<number>;
  certificate_id: number;
  type: string;
  reason: string | null;
  evidence_sha256: string | null;
  status_before: string | null;
  status_after: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: string;
}

/** 国家职业技能标准 per occupation and level: parts, pass mark, durations, staffing, eligibility (CERT-2). */
export interface OccupationStandardTable {
  id: Generated<number>;
  occupation_id: number;
  level: number;
  edition: string;
  theory: number;
  practical: number;
  panel: number;
  pass_mark: number;
  theory_minutes: number;
  practical_minutes: number;
  panel_minutes: number;
  invigilator_ratio: number;
  min_invigilators: number;
  examiner_ratio: number;
  min_examiners: number;
  min_panel: number;
  eligibility_json: string;
  updated_by: number | null;
  updated_at: string;
}

/** Holidays and adjusted working days (调休) an administrator adds for years the package lacks. */
export interface CalendarDayTable {
  date: string;
  work: number;
  name: string | null;
  updated_by: number | null;
  updated_at: string;
}

/** 评价计划 */
export interface EvaluationPlanTable {
  id: Generated<number>;
  institution_id: number;
  occupation_id: number;
  level: number;
  year: number;
  title: string;
  fee: number;
  status: 'draft' | 'published' | 'results_published' | 'finalized' | 'cancelled';
  notice: string | null;
  published_at: string | null;
  results_published_at: string | null;
  publicity_until: string | null;
  finalized_at: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

/** 报名: a candidate in a plan, with the eligibility decision. */
export interface RegistrationTable {
  id: Generated<number>;
  plan_id: number;
  learner_id: number;
  status: 'eligible' | 'ineligible' | 'pending' | 'withdrawn';
  eligibility_json: string | null;
  years_in_occupation: number;
  working_in_occupation: number;
  title: string | null;
  title_since: string | null;
  outstanding_graduate: number;
  decision: 'auto' | 'manual';
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: string | null;
  fee: number;
  result: 'passed' | 'failed' | null;
  certificate_id: number | null;
  created_at: string;
  /** the student situation the registration was judged on (fee, 中职 cap), JSON; null before 0012 */
  situation_json: string | null;
}

export interface ExamSessionTable {
  id: Generated<number>;
  plan_id: number;
  part: 'theory' | 'practical' | 'panel';
  starts_at: string;
  site: string;
  created_at: string;
}
export interface SessionRoomTable {
  id: Generated<number>;
  session_id: number;
  room: string;
}
export interface SessionStaffTable {
  id: Generated<number>;
  room_id: number;
  staff_id: number;
  duty: 'invigilator' | 'examiner' | 'panel';
}
export interface SessionCandidateTable {
  id: Generated<number>;
  room_id: number;
  registration_id: number;
  seat: number;
  ticket_no: string;
}

/** The score ledger (CERT-11): a correction is a new version, never an edit. */
export interface ScoreEntryTable {
  id: Generated<number>;
  registration_id: number;
  part: 'theory' | 'practical' | 'panel';
  version: number;
  score_x10: number;
  reason: string | null;
  entered_by: number;
  entered_at: string;
}
export interface ScoreConfirmationTable {
  id: Generated<number>;
  entry_id: number;
  confirmed_by: number;
  confirmed_at: string;
}

export interface ObjectionTable {
  id: Generated<number>;
  registration_id: number;
  text: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  raised_by: number;
  resolved_by: number | null;
  created_at: string;
  resolved_at: string | null;
}

export interface OnePlusXHoldingTable {
  id: Generated<number>;
  learner_id: number;
  certificate_id: number;
  level: 'junior' | 'intermediate' | 'senior';
  number: string;
  issued_on: string;
  imported_by_institution: number;
  created_at: string;
  /** the issuing 1+X organisation as catalogued when recorded (null on records made before 0009) */
  organisation: string | null;
  /** the certificate's scan, a stored file (evidence_blobs) */
  evidence_sha256: string | null;
  evidence_file_name: string | null;
  evidence_mime: string | null;
  evidence_size: number | null;
  recorded_by: number | null;
  /** when it was used for a direct recognition (CERT-3: once) */
  recognised_at: string | null;
}

/** 技能竞赛 with award rules (CERT-5). */
export interface CompetitionTable {
  id: Generated<number>;
  institution_id: number;
  name: string;
  tier: 'national' | 'province' | 'city_first' | 'city' | 'school';
  year: number;
  occupation_id: number;
  rules_json: string;
  participants: number;
  created_by: number;
  created_at: string;
  /** CERT-5: proposed → submitted → approved | rejected (by the filing HRSS, before the contest) */
  status: Generated<'proposed' | 'submitted' | 'approved' | 'rejected'>;
  contest_date: string | null;
  submitted_at: string | null;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  updated_at: string | null;
}

/** CERT-5: the province's cap on competition award rules per contest tier (竞赛取证上限). */
export interface CompetitionTierCapTable {
  tier: 'national' | 'province' | 'city_first' | 'city' | 'school';
  max_rank: number | null;
  max_percent: number | null;
  /** the highest level grantable, as a digit (3 = 三级) */
  max_level: number;
  updated_by: number | null;
  updated_by_name: string | null;
  updated_at: string;
}

/** 企校合作: a filed enterprise evaluating a school's students (CERT-6). */
/** 企校合作协议: an enterprise's agreement with a school, proposed, accepted or declined by the school (CERT-6). */
export interface PartnershipTable {
  id: Generated<number>;
  enterprise_id: number;
  school_id: number;
  agreement: string;
  valid_from: string;
  valid_until: string;
  status: 'proposed' | 'accepted' | 'declined' | 'withdrawn' | 'ended';
  proposed_by: number;
  proposed_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_reason: string | null;
  /** the enterprise's filing authority the accepted agreement is recorded with */
  recorded_department: string | null;
  recorded_region_code: string | null;
  ended_by: number | null;
  ended_at: string | null;
  end_reason: string | null;
}

export interface PathwayRecordTable {
  id: Generated<number>;
  pathway: 'recognition' | 'process' | 'competition' | 'enterprise';
  institution_id: number;
  learner_id: number;
  occupation_id: number;
  level: number;
  year: number;
  source_type: string | null;
  source_id: number | null;
  evidence_json: string;
  certificate_id: number | null;
  decided_by: number;
  created_at: string;
}

/** Every eligibility decision, automatic or manual, in order (CERT-11). */
export interface RegistrationDecisionTable {
  id: Generated<number>;
  registration_id: number;
  status: string;
  decision: string;
  reason: string | null;
  decided_by: number | null;
  decided_by_name: string | null;
  at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string | null;
  institution_id: number | null;
  status: 'active' | 'disabled';
  must_change_password: number;
  /** 1: an account of the demo data set (public password), which signs in only in demo mode */
  is_demo: Generated<number>;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface LoginFailureTable {
  id: Generated<number>;
  username: string;
  at: string;
  ip: string | null;
  /** what was wrong: the password or the second factor's code */
  kind: Generated<'password' | 'second_factor'>;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not leak sessions */
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  absolute_expires_at: string;
  ip: string | null;
  user_agent: string | null;
  ended_at: string | null;
  /** 1 between an accepted password and the accepted second factor */
  pending_second_factor: Generated<number>;
}

/** One TOTP secret per account (RFC 6238); confirmed_at null while enrolling. */
export interface SecondFactorTable {
  user_id: number;
  /** the TOTP secret (base32), sealed under `second_factors.secret` (lib/personal-data.ts) */
  secret_enc: string;
  created_at: string;
  confirmed_at: string | null;
  /** the last accepted code's time step: a code is accepted once */
  last_time_step: number | null;
}

/** Single-use recovery codes of a second factor, Argon2id-hashed. */
export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** 补贴标准 (SUB-1): an amount by kind and level, or the share paid for direct recognition, with its validity. */
export interface SubsidyRateTable {
  id: Generated<number>;
  kind: 'training' | 'evaluation' | 'special_ability' | 'special_operation' | 'recognition_share';
  /** 1–5, or 0 for a kind without levels */
  level: number;
  amount_fen: number | null;
  percent: number | null;
  valid_from: string;
  /** inclusive; null: until further notice */
  valid_to: string | null;
  source: string | null;
  updated_by: number | null;
  updated_by_name: string | null;
  created_at: string;
  updated_at: string;
}

/** 补贴申领: an institution's claim, its stage and deadline (SUB-2), publicity (SUB-3) and fund. */
export interface SubsidyClaimTable {
  id: Generated<number>;
  institution_id: number;
  kind: 'evaluation' | 'training' | 'special_ability';
  title: string;
  fund_region_code: string;
  /** a training claim: the region of the place the class is held, whose HRSS reviews it (TRAIN-13, 0030) */
  review_region_code: Generated<string | null>;
  status: string;
  line_count: number;
  amount_fen: number;
  payee_name: string | null;
  payee_bank: string | null;
  /** sealed with lib/field-crypto.ts */
  payee_account: string | null;
  payee_account_masked: string | null;
  submitted_on: string | null;
  submitted_at: string | null;
  publicity_from: string | null;
  publicity_until: string | null;
  due_on: string | null;
  fund_source: string | null;
  fund_year: number | null;
  last_reason: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

/** One person × occupation × level in a claim; SUB-1 is a partial unique index over the holding lines. */
export interface SubsidyClaimLineTable {
  id: Generated<number>;
  claim_id: number;
  line_kind: 'evaluation' | 'training' | 'special_ability';
  learner_id: number;
  occupation_id: number;
  level: number;
  source_type: 'certificate' | 'training';
  certificate_id: number | null;
  /** a training line whose outcome is a recorded other certificate (0030) */
  other_certificate_id: Generated<number | null>;
  training_class_id: number | null;
  trainee_id: number | null;
  pathway: string | null;
  basis_date: string;
  rate_id: number;
  amount_fen: number;
  status: 'draft' | 'held' | 'paid' | 'reversed' | 'recovered' | 'excluded' | 'void';
  excluded_reason: string | null;
  reversal_id: number | null;
}

export interface SubsidyClaimStepTable {
  id: Generated<number>;
  claim_id: number;
  step: string;
  from_status: string | null;
  to_status: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  reason: string | null;
  detail: string | null;
  on_date: string;
  at: string;
}

export interface SubsidyPaymentTable {
  id: Generated<number>;
  claim_id: number;
  amount_fen: number;
  paid_on: string;
  voucher_no: string;
  payee_name: string;
  bank_name: string;
  /** sealed with lib/field-crypto.ts (field `subsidy_payments.bank_account`) */
  bank_account: string;
  bank_account_masked: string;
  fund_source: string;
  fund_region_code: string;
  fund_year: number;
  paid_by: number;
  paid_by_name: string | null;
  created_at: string;
}

export interface SubsidyReversalTable {
  id: Generated<number>;
  claim_id: number;
  reason: string;
  line_count: number;
  amount_fen: number;
  recovered_fen: number;
  status: 'recovering' | 'recovered';
  created_by: number;
  created_by_name: string | null;
  created_at: string;
  recovered_at: string | null;
}

export interface SubsidyRecoveryTable {
  id: Generated<number>;
  reversal_id: number;
  amount_fen: number;
  received_on: string;
  note: string | null;
  recorded_by: number;
  recorded_by_name: string | null;
  created_at: string;
}

/** 专账资金: a city-level unit's yearly budget. */
export interface SubsidyFundTable {
  region_code: string;
  year: number;
  budget_fen: number;
  note: string | null;
  updated_by: number | null;
  updated_by_name: string | null;
  updated_at: string;
}

/** Append-only, hash-chained audit trail. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_scope: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  before_json: string | null;
  after_json: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** 培训机构目录清单 entry: an institution listed as a training provider (TRAIN-13). */
export interface TrainingProviderTable {
  id: Generated<number>;
  institution_id: number;
  provider_type: 'college' | 'technician_college' | 'private_school' | 'enterprise_centre' | 'online_platform';
  status: 'listed' | 'exited';
  listed_on: string;
  exited_on: string | null;
  exit_reason: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
/** The occupations a provider trains in (培训职业（工种）). */
export interface TrainingProviderOccupationTable {
  id: Generated<number>;
  provider_id: number;
  occupation_id: number;
  added_on: string;
}
/** A catalogue entry's history: listed, exited (曝光), relisted, scope changed, inspected. */
export interface TrainingProviderEventTable {
  id: Generated<number>;
  provider_id: number;
  type: 'list' | 'exit' | 'relist' | 'scope' | 'inspection';
  detail: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: string;
}
/** 年检 result of a provider for a year. */
export interface TrainingInspectionTable {
  id: Generated<number>;
  provider_id: number;
  year: number;
  result: 'qualified' | 'basically_qualified' | 'unqualified';
  note: string | null;
  recorded_by: number | null;
  recorded_by_name: string | null;
  at: string;
}
/** 专职师资报备: a person registered as a provider's full-time trainer (one provider at a time). */
export interface TrainingTrainerTable {
  id: Generated<number>;
  provider_id: number;
  person_id: number;
  name: string;
  title: string | null;
  teacher_certificate: number;
  status: 'active' | 'left';
  registered_on: string;
  left_on: string | null;
  left_reason: string | null;
  created_by: number | null;
  created_at: string;
}
export interface TrainingTrainerOccupationTable {
  id: Generated<number>;
  trainer_id: number;
  occupation_id: number;
}
/** 跨区域培训报备 (TRAIN-13): a provider's filing with the HRSS of the city-level unit where it trains. */
export interface TrainingFilingTable {
  id: Generated<number>;
  provider_id: number;
  region_code: string;
  valid_from: string;
  valid_until: string;
  note: string | null;
  status: 'submitted' | 'approved' | 'refused';
  applied_by: number | null;
  applied_at: string;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}
/** 开班申请 and the class it becomes (TRAIN-1, TRAIN-2, TRAIN-3, TRAIN-12). */
export interface TrainingClassTable {
  id: Generated<number>;
  provider_id: number;
  institution_id: number;
  title: string;
  occupation_id: number;
  level: number | null;
  class_type: 'employment' | 'upgrading' | 'entrepreneurship' | 'apprenticeship';
  subsidised: number;
  mode: 'offline' | 'online';
  theory_hours: number;
  practical_hours: number;
  minutes_per_hour: number;
  teachers: number;
  workstations: number;
  capacity: number;
  start_date: string;
  end_date: string;
  region_code: string;
  site: string;
  majors_json: string;
  certificate_route: 'skill_level' | 'qualification' | 'special_operation' | 'special_ability' | 'completion';
  status: 'draft' | 'submitted' | 'returned' | 'approved' | 'withdrawn' | 'cancelled';
  submitted_at: string | null;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
/** Each workflow step of a class, with its reason (a return states why). */
export interface TrainingClassEventTable {
  id: Generated<number>;
  class_id: number;
  step: string;
  reason: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: string;
}
/** A trainee of a class: the person (learner id, never an ID number), target group and what the enrolment was judged on. */
export interface TrainingTraineeTable {
  id: Generated<number>;
  class_id: number;
  learner_id: number;
  target_group: string;
  responsible_department: string;
  post_occupation_id: number | null;
  employment_intention: number;
  situation_json: string;
  source: 'form' | 'import';
  status: 'enrolled' | 'withdrawn';
  enrolled_by: number | null;
  enrolled_at: string;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  /** TRAIN-11: when the trainee's completion assessment took place (yyyy-mm-dd) */
  assessed_on: string | null;
  /** TRAIN-9: the skill certificate through which the trainee finished (鉴定评价), when issued */
  evaluation_certificate_id: number | null;
  evaluation_certificate_no: string | null;
}
/** The province's training rules of one occupation (TRAIN-3 学时规定, other certificates, TRAIN-11 线下实训). */
export interface TrainingOccupationSettingTable {
  occupation_id: number;
  min_hours: number | null;
  other_certificate: 'qualification' | 'special_operation' | 'special_ability' | null;
  offline_practical_hours: number | null;
  updated_by: number | null;
  updated_by_name: string | null;
  updated_at: string;
}
/** TRAIN-8: a provider's rectification period, when it may open no class. */
export interface TrainingRectificationTable {
  id: Generated<number>;
  provider_id: number;
  class_id: number | null;
  satisfaction_permille: number | null;
  reason: string;
  starts_on: string;
  /** the first day classes may open again */
  ends_on: string;
  created_by: number | null;
  created_by_name: string | null;
  at: string;
}

/** TRAIN-8: a trainee's survey invite (the QR code's token); says only whether it was used. */
export interface TrainingSurveyInviteTable {
  id: Generated<number>;
  class_id: number;
  trainee_id: number;
  token: string;
  used: number;
  created_at: string;
}
/** TRAIN-8: one anonymous answer: no trainee, no token, no time. */
export interface TrainingSurveyAnswerTable {
  id: Generated<number>;
  class_id: number;
  overall: 'satisfied' | 'fair' | 'dissatisfied';
  content_score: number;
  teaching_score: number;
  facilities_score: number;
  organisation_score: number;
  comment: string | null;
}
/** TRAIN-8: a class's closed survey and the rectification it started below 85%. */
export interface TrainingSurveyResultTable {
  class_id: number;
  answers: number;
  invited: number;
  satisfied: number;
  rate_permille: number | null;
  closed_on: string;
  rectification_id: number | null;
  closed_by: number | null;
  closed_by_name: string | null;
  at: string;
}

/** 取证任务: a unit's yearly target for one metric (TGT-1); a unit is `R<region code>` or `I<institution id>`. */
export interface TargetTable {
  id: Generated<number>;
  year: number;
  unit: string;
  metric: string;
  value: number;
  set_by: number | null;
  set_by_name: string | null;
  set_at: string;
}

/** A maintained count: metric × business date × issuing institution × occupation × level (docs/METRICS.md). */
export interface ProgressDailyTable {
  metric: string;
  day: string;
  institution_id: number;
  occupation_id: number;
  level: number;
  n: number;
}

/** Coarse progress aggregates (TGT-3): per metric × month × institution, and per metric × business date × institution. */
export interface ProgressByMonthTable {
  metric: string;
  month: string;
  institution_id: number;
  n: number;
}
export interface ProgressByDayTable {
  metric: string;
  day: string;
  institution_id: number;
  n: number;
}

/** 月报: a unit's monthly report as submitted to its parent, a frozen snapshot (TGT-3, SUP-3). */
export interface MonthlyReportTable {
  id: Generated<number>;
  unit: string;
  month: string;
  parent_unit: string | null;
  snapshot_json: string;
  due_on: string;
  late: number;
  note: string | null;
  submitted_by: number;
  submitted_by_name: string | null;
  submitted_at: string;
}

/** A report's delay entered into the institution's credit record (INST-8), once per unit and month. */
export interface ReportDelayTable {
  unit: string;
  month: string;
  recorded_by: number | null;
  recorded_at: string;
}

/** 毕业生名册: one student of a school's graduating class, as the school imported it (CERT-9). */
export interface GraduatingClassTable {
  id: Generated<number>;
  school_institution_id: number;
  graduation_year: number;
  learner_id: number;
  major: string | null;
  imported_by: number;
  imported_at: string;
}

/** One class hour (课时) of a class's schedule (TRAIN-4, TRAIN-10, TRAIN-11). */
export interface TrainingSessionTable {
  id: Generated<number>;
  class_id: number;
  held_on: string;
  /** HH:MM, business time */
  starts_at: string;
  minutes: number;
  kind: 'theory' | 'practical';
  delivery: 'offline' | 'online';
  topic: string | null;
  created_by: number | null;
  created_at: string;
}
/** TRAIN-10: a trainee's attendance at one class hour. */
export interface TrainingAttendanceTable {
  id: Generated<number>;
  session_id: number;
  trainee_id: number;
  status: 'present' | 'absent' | 'leave' | 'makeup';
  leave_note: string | null;
  makeup_on: string | null;
  recorded_by: number | null;
  recorded_by_name: string | null;
  at: string;
}
/** TRAIN-4: the recording of one class hour and its continuous segments (JSON). */
export interface TrainingRecordingTable {
  id: Generated<number>;
  session_id: number;
  file_name: string;
  starts_at: string;
  duration_minutes: number;
  segments_json: string;
  recorded_by: number | null;
  recorded_by_name: string | null;
  at: string;
}
/** An on-site spot check of a class by the HRSS of the place (seed 002 三（二）). */
export interface TrainingSpotCheckTable {
  id: Generated<number>;
  class_id: number;
  checked_on: string;
  present_count: number;
  enrolled_count: number;
  present_json: string;
  note: string | null;
  checked_by: number | null;
  checked_by_name: string | null;
  checked_by_region: string | null;
  at: string;
}
/** TRAIN-11: a trainee's online study of one class hour, with the anomalies found. */
export interface TrainingOnlineRecordTable {
  id: Generated<number>;
  session_id: number;
  trainee_id: number;
  studied_on: string;
  minutes: number;
  flags: string;
  imported_by: number | null;
  at: string;
}

/** TRAIN-9: a trainee's completion test and 培训合格证书. */
export interface TrainingCompletionTable {
  id: Generated<number>;
  trainee_id: number;
  assessed_on: string;
  passed: number;
  theory_score: number | null;
  practical_score: number | null;
  hours_counted: number;
  hours_planned: number;
  certificate_no: string | null;
  note: string | null;
  recorded_by: number | null;
  recorded_by_name: string | null;
  at: string;
}

export interface DB {
  regions: RegionTable;
  occupations: OccupationTable;
  one_plus_x_certificates: OnePlusXTable;
  skill_levels: SkillLevelTable;
  institutions: InstitutionTable;
  users: UserTable;
  login_failures: LoginFailureTable;
  sessions: SessionTable;
  second_factors: SecondFactorTable;
  recovery_codes: RecoveryCodeTable;
  audit_log: AuditLogTable;
  filing_serials: FilingSerialTable;
  filing_applications: FilingApplicationTable;
  filing_application_scopes: FilingApplicationScopeTable;
  filing_steps: FilingStepTable;
  evidence_blobs: EvidenceBlobTable;
  prerequisite_evidence: PrerequisiteEvidenceTable;
  institution_scopes: InstitutionScopeTable;
  staff: StaffTable;
  staff_occupations: StaffOccupationTable;
  staff_assignments: StaffAssignmentTable;
  evaluation_specs: EvaluationSpecTable;
  spec_reviews: SpecReviewTable;
  institution_events: InstitutionEventTable;
  learners: LearnerTable;
  learner_situation_changes: LearnerSituationChangeTable;
  certificate_serials: CertificateSerialTable;
  certificates: CertificateTable;
  other_certificates: OtherCertificateTable;
  certificate_events: CertificateEventTable;
  occupation_standards: OccupationStandardTable;
  calendar_days: CalendarDayTable;
  evaluation_plans: EvaluationPlanTable;
  registrations: RegistrationTable;
  exam_sessions: ExamSessionTable;
  session_rooms: SessionRoomTable;
  session_staff: SessionStaffTable;
  session_candidates: SessionCandidateTable;
  score_entries: ScoreEntryTable;
  score_confirmations: ScoreConfirmationTable;
  objections: ObjectionTable;
  one_plus_x_holdings: OnePlusXHoldingTable;
  competitions: CompetitionTable;
  competition_tier_caps: CompetitionTierCapTable;
  partnerships: PartnershipTable;
  pathway_records: PathwayRecordTable;
  registration_decisions: RegistrationDecisionTable;
  signing_keys: SigningKeyTable;
  rate_limits: RateLimitTable;
  /** free look-ups by ID number + name per client and window (same shape as the rate limits) */
  challenge_counts: RateLimitTable;
  spent_challenges: SpentChallengeTable;
  certificate_credentials: CertificateCredentialTable;
  credential_signing_batches: CredentialSigningBatchTable;
  status_list_credentials: StatusListCredentialTable;
  subsidy_rates: SubsidyRateTable;
  subsidy_claims: SubsidyClaimTable;
  subsidy_claim_lines: SubsidyClaimLineTable;
  subsidy_claim_steps: SubsidyClaimStepTable;
  subsidy_payments: SubsidyPaymentTable;
  subsidy_reversals: SubsidyReversalTable;
  subsidy_recoveries: SubsidyRecoveryTable;
  subsidy_funds: SubsidyFundTable;
  credential_reissue: CredentialReissueTable;
  jobs: JobTable;
  training_providers: TrainingProviderTable;
  training_provider_occupations: TrainingProviderOccupationTable;
  training_provider_events: TrainingProviderEventTable;
  training_inspections: TrainingInspectionTable;
  training_trainers: TrainingTrainerTable;
  training_trainer_occupations: TrainingTrainerOccupationTable;
  training_filings: TrainingFilingTable;
  training_classes: TrainingClassTable;
  training_class_events: TrainingClassEventTable;
  training_trainees: TrainingTraineeTable;
  training_occupation_settings: TrainingOccupationSettingTable;
  training_rectifications: TrainingRectificationTable;
  training_survey_invites: TrainingSurveyInviteTable;
  training_survey_answers: TrainingSurveyAnswerTable;
  training_survey_results: TrainingSurveyResultTable;
  targets: TargetTable;
  progress_daily: ProgressDailyTable;
  progress_by_month: ProgressByMonthTable;
  progress_by_day: ProgressByDayTable;
  monthly_reports: MonthlyReportTable;
  report_delays: ReportDelayTable;
  graduating_classes: GraduatingClassTable;
  training_sessions: TrainingSessionTable;
  training_attendance: TrainingAttendanceTable;
  training_recordings: TrainingRecordingTable;
  training_spot_checks: TrainingSpotCheckTable;
  training_online_records: TrainingOnlineRecordTable;
  training_completions: TrainingCompletionTable;
}

export type RegionRow = Selectable<RegionTable>;
export type OccupationRow = Selectable<OccupationTable>;
export type NewOccupationRow = Insertable<OccupationTable>;
export type OnePlusXRow = Selectable<OnePlusXTable>;
export type InstitutionRow = Selectable<InstitutionTable>;
export type NewInstitutionRow = Insertable<InstitutionTable>;
export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type NewSessionRow = Insertable<SessionTable>;
export type SecondFactorRow = Selectable<SecondFactorTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
