/**
 * Response shapes of the assessment (评价计划、考场、成绩), certificate and pathway endpoints, as
 * the web client reads them. Plain TypeScript (no runtime): the server's routes declare these
 * responses as `Type.Unknown()` today; these interfaces follow what the services return
 * (server/src/modules/assessment, certificates, pathways) and can become TypeBox schemas later.
 */

export type Part = 'theory' | 'practical' | 'panel';
export type PlanStatus = 'draft' | 'published' | 'results_published' | 'finalized' | 'cancelled';
export type RegistrationStatus = 'eligible' | 'pending' | 'ineligible';
export type StudentType = 'undergraduate' | 'junior_college' | 'secondary_vocational' | 'technical';
export type IdType = 'resident_id' | 'passport' | 'hk_macao' | 'taiwan';
export type TitleGrade = 'junior' | 'intermediate' | 'senior';
export type CertificateStatus = 'valid' | 'suspended' | 'revoked';
export type Pathway = 'exam' | 'recognition' | 'process' | 'competition' | 'enterprise';

// ---------------------------------------------------------------- standards
export type Condition =
  | { type: 'age_min'; years: number }
  | { type: 'working_in_occupation' }
  | { type: 'years_in_occupation'; years: number }
  | { type: 'prior_level'; level: number; years: number }
  | { type: 'graduate'; studentTypes: StudentType[]; graduationYearStudents: boolean }
  | { type: 'professional_title'; title: TitleGrade; years: number };
export type ConditionType = Condition['type'];
export interface EligibilityRoute {
  label: string;
  all: Condition[];
}
export interface StandardInput {
  edition: string;
  parts: Part[];
  passMark: number;
  minutes: { theory: number; practical: number; panel: number };
  staffing: {
    invigilatorRatio: number;
    minInvigilators: number;
    examinerRatio: number;
    minExaminers: number;
    minPanel: number;
  };
  eligibility: EligibilityRoute[];
}
export interface Standard extends StandardInput {
  id: number;
  occupationId: number;
  occupationCode: string | null;
  occupationName: string | null;
  level: number;
}

// ---------------------------------------------------------------- plans
export interface PlanSummary {
  id: number;
  institutionId: number;
  institutionName: string;
  occupationId: number;
  occupationName: string;
  occupationCode: string;
  level: number;
  year: number;
  title: string;
  fee: number;
  status: PlanStatus;
  statusLabel: string;
  notice: string | null;
  publishedAt: string | null;
  resultsPublishedAt: string | null;
  publicityUntil: string | null;
  finalizedAt: string | null;
}
export interface EligibilityResult {
  eligible: boolean;
  route: string | null;
  checks: { route: string; failed: string[] }[];
  /** CERT-2: why a secondary vocational student cannot sit this level; cannot be overridden */
  cap?: string | null;
}
export interface PartScore {
  score: number;
  version: number;
  confirmed: boolean;
}
export interface Registration {
  id: number;
  learnerId: number;
  name: string;
  idNumber: string;
  status: RegistrationStatus;
  decision: 'auto' | 'manual';
  decisionReason: string | null;
  eligibility: EligibilityResult | null;
  fee: number;
  result: 'passed' | 'failed' | null;
  certificateId: number | null;
  scores: Partial<Record<Part, PartScore | null>>;
}
export interface PlanDetail extends PlanSummary {
  standard: Standard;
  registrations: Registration[];
}
export interface PlanCreateBody {
  occupationId: number;
  level: number;
  year: number;
  title: string;
  fee?: number;
  notice?: string | null;
}
export interface CandidateBody {
  name: string;
  idType?: IdType;
  idNumber: string;
  birthDate?: string | null;
  phone?: string | null;
  studentType?: StudentType | null;
  graduationYear?: number | null;
  inSchool?: boolean;
  yearsInOccupation?: number;
  workingInOccupation?: boolean;
  title?: TitleGrade | null;
  titleSince?: string | null;
  outstandingGraduate?: boolean;
}
export interface RegisterResult {
  id: number;
  learnerId: number;
  name: string;
  status: RegistrationStatus;
  fee: number;
}
export interface RosterResult {
  imported: number;
  eligible: number;
  pending: number;
  ineligible: number;
}
export interface ExamSession {
  id: number;
  part: Part;
  partLabel: string;
  startsAt: string;
  site: string;
  rooms: {
    room: string;
    staff: { id: number; name: string; duty: string }[];
    candidates: { registrationId: number; seat: number; ticketNo: string }[];
  }[];
}
export interface SessionBody {
  part: Part;
  startsAt: string;
  site: string;
  rooms: { room: string; registrationIds: number[]; staffIds: number[] }[];
}
export interface ScoreVersion {
  part: Part;
  version: number;
  score: number;
  reason: string | null;
  enteredBy: string | null;
  enteredAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
}
export interface ScoreLedger {
  registrationId: number;
  planId: number;
  versions: ScoreVersion[];
}
export interface PublishResults {
  publicityUntil: string;
  warning: string | null;
}
export interface PublicResults {
  id: number;
  title: string;
  institutionName: string;
  occupationName: string;
  level: number;
  publishedAt: string | null;
  publicityUntil: string | null;
  passMark: number;
  candidates: { name: string; idNumber: string; scores: Partial<Record<Part, number>>; result: string }[];
}
export interface Objection {
  id: number;
  registrationId: number;
  name: string;
  text: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

// ---------------------------------------------------------------- certificates
export interface Certificate {
  id: number;
  number: string;
  holderName: string;
  holderIdType: string;
  holderIdNumber: string;
  institutionId: number;
  institutionName: string;
  filingNo: string;
  occupationCode: string;
  occupationName: string;
  workType: string | null;
  level: number;
  levelLabel: string;
  pathway: Pathway | string;
  issuedOn: string;
  status: CertificateStatus | string;
}
export interface CertificateEvent {
  type: 'issued' | 'suspended' | 'reinstated' | 'revoked' | 'corrected' | string;
  reason: string | null;
  statusBefore: string | null;
  statusAfter: string | null;
  actorName: string | null;
  at: string;
}
export interface CertificateDetail extends Certificate {
  history: CertificateEvent[];
}
export interface CertificateFilter {
  q?: string;
  status?: CertificateStatus;
  institutionId?: number;
  occupationId?: number;
  level?: number;
}
export interface Coverage {
  graduationYear: number;
  schools: {
    schoolId: number;
    schoolName: string;
    total: number;
    certified: number;
    uncertified: number;
    rate: number;
  }[];
  uncertified: { learnerId: number; name: string; idNumber: string; major: string | null; schoolName: string }[];
}

// ---------------------------------------------------------------- other pathways
export interface IdentityBody {
  name: string;
  idType?: IdType;
  idNumber: string;
  birthDate?: string | null;
  studentType?: StudentType | null;
  graduationYear?: number | null;
  inSchool?: boolean;
}
export interface PathwayRecord {
  id: number;
  pathway: Pathway;
  level: number;
  year: number;
  evidence: Record<string, unknown>;
  createdAt: string;
  name: string;
  occupationName: string;
  certificateNumber: string | null;
}
export interface PathwayIssued {
  recordId: number;
  certificateId: number;
  number: string;
  level: number;
}
export interface Holding {
  id: number;
  learnerId: number;
  certificate: string;
  xLevel: TitleGrade;
  number: string;
}
export type CompetitionTier = 'national' | 'province' | 'city_first' | 'city' | 'school';
export interface AwardRule {
  maxRank?: number;
  topPercent?: number;
  level: number;
}
export interface Competition {
  id: number;
  name: string;
  tier: CompetitionTier;
  year: number;
  occupationId: number;
  occupationName: string;
  participants: number;
  rules: AwardRule[];
}
