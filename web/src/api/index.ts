/** Typed calls to the HTTP API; every request and answer type comes from the schemas in contract/. */
import type { Dashboard, MonthlyReport, TargetPutBody, TargetsView } from '../../../contract/api-targets.js';
import type {
  Account,
  AccountCreateBody,
  AccountPatchBody,
  AuditQuery,
  AuditRecord,
  AuditVerify,
  Home,
  Institution,
  Level,
  LoginResponse,
  MeResponse,
  Meta,
  Occupation,
  OccupationBody,
  OccupationPatchBody,
  OnePlusX,
  OnePlusXBody,
  OnePlusXPatchBody,
  Paged,
  PageParams,
  RecoveryCodesResponse,
  Region,
  RegionPatchBody,
  SecondFactorEnrolment,
  RevealedId,
} from '../../../contract/api.js';
import type {
  CatalogDetail,
  CatalogEntry,
  CatalogFilter,
  Checklist,
  Credit,
  CreditEventBody,
  Evidence,
  ExpertOpinion,
  FilingCreateBody,
  FilingDetail,
  FilingPatchBody,
  FilingQueue,
  FilingSummary,
  GrantedScope,
  InstitutionCreateBody,
  InstitutionDetail,
  InstitutionEvents,
  InstitutionFilter,
  InstitutionPatchBody,
  ManageBody,
  ManageResult,
  PublicOccupation,
  Spec,
  SpecCreateBody,
  Staff,
  StaffCreateBody,
  StaffDetail,
  StaffFilter,
  StaffPatchBody,
} from '../../../contract/api-institutions.js';
import type {
  CandidateBody,
  DecisionResult,
  ExamSession,
  FinalizeResult,
  MyRegistration,
  Objection,
  ObjectionOutcome,
  Part,
  PlanCreateBody,
  PlanDetail,
  PlanSummary,
  PublicResults,
  PublishResults,
  RegisterResult,
  RegistrationSituation,
  ScoreCorrected,
  ScoreLedger,
  ScoresConfirmed,
  ScoresEntered,
  SessionBody,
  SessionCreated,
  Standard,
  StandardInput,
  WithdrawResult,
} from '../../../contract/api-assessment.js';
import type {
  Certificate,
  CertificateBatchQuery,
  CertificateCorrected,
  CertificateCorrectionBody,
  CertificateDetail,
  CertificateExportQuery,
  CertificateStatusResult,
  Coverage,
  CoverageQuery,
} from '../../../contract/api-certificates.js';
import type {
  AwardBody,
  CompetitionBody,
  Competition,
  CompetitionDecisionBody,
  CompetitionQuery,
  CompetitionTier,
  EnterpriseBody,
  Holding,
  HoldingFields,
  Partnership,
  PartnershipBody,
  PartnershipStepBody,
  PathwayIssued,
  PathwayRecord,
  ProcessBody,
  TierCap,
  TierCapBody,
} from '../../../contract/api-pathways.js';
import type {
  ClaimCreateBody,
  ClaimDetail,
  ClaimFinanceBody,
  ClaimLine,
  ClaimListQuery,
  ClaimPreview,
  ClaimPreviewBody,
  ClaimQueue,
  ClaimReviewBody,
  ClaimSubmitBody,
  ClaimSummary,
  Fund,
  FundBody,
  PublicClaim,
  PublicClaimDetail,
  PublicFundUse,
  Rate,
  RateBody,
  RatePatchBody,
  RecoveryBody,
  ReversalBody,
  TrainingClaimCreateBody,
  TrainingClaimPreview,
} from '../../../contract/api-subsidies.js';
import type { LineStatus } from '../../../contract/subsidy-workflow.js';
import type {
  ClassBody,
  ClassChecks,
  ClassDecisionBody,
  ClassDetail,
  ClassQuery,
  ClassExportQuery,
  ClassStepBody,
  InspectionBody,
  OccupationSetting,
  OccupationSettingBody,
  Provider,
  ProviderCreateBody,
  ProviderDetail,
  ProviderQuery,
  PublicClass,
  PublicExit,
  PublicProvider,
  PublicTrainingQuery,
  Trainee,
  TraineeBody,
  Trainer,
  TrainerBody,
  TrainingClass,
  TrainingFiling,
  TrainingFilingBody,
  TrainingFilingDecisionBody,
} from '../../../contract/api-training.js';
import type {
  AttendanceBody,
  ClassHours,
  Completion,
  CompletionBody,
  RecordingBody,
  ClassHourBody,
  SpotCheck,
  SpotCheckBody,
  TrainingSession,
} from '../../../contract/api-training-hours.js';
import type {
  PublicSurvey,
  SurveyAnswerBody,
  SurveyInvites,
  SurveySummary,
} from '../../../contract/api-training-survey.js';
import type { Role } from '../../../contract/roles.js';
import type { Static } from '@sinclair/typebox';
import type { Job } from '../../../contract/api-jobs.js';
import type {
  OtherCertificateRecord as OtherCertificate,
  OtherCertificateBody,
  OtherCertificateQuery,
} from '../../../contract/api-other-certificates.js';
import { download, downloadBlob, request } from './client';

/** The records a full ID number is revealed through (`POST /api/<kind>/:id/reveal-id`). */
export type RevealKind = 'certificates' | 'registrations' | 'staff' | 'graduates';

/** 证书管理's filters with its sort (the export takes the same). */
export type CertificateListQuery = CertificateExportQuery;
/** 备案申请's filters: status, institution, part of the institution's name. */
export interface FilingListFilter {
  status?: string;
  institutionId?: number;
  q?: string;
}
export { ApiError, setUnauthorizedHandler } from './client';
export { followJob, jobEnded } from './jobs';
export type * from '../../../contract/api-assessment.js';
export type * from '../../../contract/api-certificates.js';
export type * from '../../../contract/api-pathways.js';
export type * from '../../../contract/api-jobs.js';
export type * from '../../../contract/api-institutions.js';
export type * from '../../../contract/api-subsidies.js';
export type * from '../../../contract/api-training.js';
export type * from '../../../contract/api-targets.js';
export type * from '../../../contract/api-training-hours.js';
export type * from '../../../contract/api-training-survey.js';
export type {
  OtherCertificateRecord as OtherCertificate,
  OtherCertificateBody,
  OtherCertificateQuery,
} from '../../../contract/api-other-certificates.js';
export type OtherCertificateKind = import('../../../contract/training.js').OtherCertificate;

export type { Level, Paged, PageParams };
export type AuditFilter = Static<typeof AuditQuery>;

export const api = {
  meta: () => request<Meta>('GET', '/meta', { quiet401: true }),

  // ---- session
  /** the signed-in user, or `second_factor` when the account's code is asked for next */
  login: async (username: string, password: string) => {
    const r = await request<LoginResponse>('POST', '/auth/login', { body: { username, password }, quiet401: true });
    return 'user' in r ? r.user : ('second_factor' as const);
  },
  secondFactor: async (code: string) =>
    (await request<MeResponse>('POST', '/auth/second-factor', { body: { code }, quiet401: true })).user,
  startEnrolment: () => request<Static<typeof SecondFactorEnrolment>>('POST', '/auth/second-factor/enrolment'),
  confirmEnrolment: (code: string) =>
    request<Static<typeof RecoveryCodesResponse>>('POST', '/auth/second-factor/enrolment/confirm', { body: { code } }),
  regenerateRecoveryCodes: (code: string) =>
    request<Static<typeof RecoveryCodesResponse>>('POST', '/auth/second-factor/recovery-codes', { body: { code } }),
  logout: () => request<void>('POST', '/auth/logout', { quiet401: true }),
  me: async () => (await request<MeResponse>('GET', '/auth/me', { quiet401: true })).user,
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/auth/password', { body: { currentPassword, newPassword } }),

  home: () => request<Home>('GET', '/home'),

  // ---- institutions
  institutions: (p: InstitutionFilter & PageParams) =>
    request<Paged<Institution>>('GET', '/institutions', { query: p }),
  institution: (id: number) => request<InstitutionDetail>('GET', `/institutions/${id}`),
  exportInstitutions: (p: InstitutionFilter) => download('/institutions/export', p, '评价机构.xlsx'),
  createInstitution: (body: Static<typeof InstitutionCreateBody>) =>
    request<Institution>('POST', '/institutions', { body }),
  patchInstitution: (id: number, body: Static<typeof InstitutionPatchBody>) =>
    request<Institution>('PATCH', `/institutions/${id}`, { body }),
  institutionScopes: (id: number) => request<GrantedScope[]>('GET', `/institutions/${id}/scopes`),
  institutionEvents: (id: number) => request<InstitutionEvents>('GET', `/institutions/${id}/events`),
  manageInstitution: (id: number, body: Static<typeof ManageBody>) =>
    request<ManageResult>('POST', `/institutions/${id}/actions`, { body }),
  addCreditEvent: (id: number, body: Static<typeof CreditEventBody>) =>
    request<Credit>('POST', `/institutions/${id}/credit-events`, { body }),
  prerequisites: (id: number) => request<Checklist>('GET', `/institutions/${id}/prerequisites`),
  /** multipart: the text fields go before the file, so the server reads them with the file */
  uploadEvidence: (
    id: number,
    f: { item: string; occupationId?: number | null; description?: string | null; file: File },
  ) => {
    const fd = new FormData();
    fd.append('item', f.item);
    if (f.occupationId) fd.append('occupationId', String(f.occupationId));
    if (f.description) fd.append('description', f.description);
    fd.append('file', f.file, f.file.name);
    return request<Evidence>('POST', `/institutions/${id}/evidence`, { body: fd });
  },
  removeEvidence: (id: number, evidenceId: number) =>
    request<void>('DELETE', `/institutions/${id}/evidence/${evidenceId}`),
  downloadEvidence: (evidenceId: number, name: string) => download(`/evidence/${evidenceId}`, {}, name),

  // ---- filing applications (INST-2, INST-3)
  filings: (p: FilingListFilter & PageParams) => request<Paged<FilingSummary>>('GET', '/filings', { query: p }),
  exportFilings: (p: FilingListFilter) => download('/filings/export', p, 'filings.xlsx'),
  filingQueue: () => request<FilingQueue>('GET', '/filings/queue'),
  filing: (id: number) => request<FilingDetail>('GET', `/filings/${id}`),
  createFiling: (body: Static<typeof FilingCreateBody>) => request<FilingDetail>('POST', '/filings', { body }),
  patchFiling: (id: number, body: Static<typeof FilingPatchBody>) =>
    request<FilingDetail>('PATCH', `/filings/${id}`, { body }),
  submitFiling: (id: number) => request<FilingDetail>('POST', `/filings/${id}/submit`),
  withdrawFiling: (id: number) => request<FilingDetail>('POST', `/filings/${id}/withdraw`),
  expertOpinion: (id: number, body: ExpertOpinion) =>
    request<FilingDetail>('POST', `/filings/${id}/expert-opinions`, { body }),
  recommendFiling: (id: number, reason?: string | null) =>
    request<FilingDetail>('POST', `/filings/${id}/recommend`, { body: { reason: reason || null } }),
  fileFiling: (id: number, reason?: string | null) =>
    request<FilingDetail>('POST', `/filings/${id}/file`, { body: { reason: reason || null } }),
  returnFiling: (id: number, reason: string) =>
    request<FilingDetail>('POST', `/filings/${id}/return`, { body: { reason } }),
  rejectFiling: (id: number, reason: string) =>
    request<FilingDetail>('POST', `/filings/${id}/reject`, { body: { reason } }),

  // ---- staff registry
  staff: (p: StaffFilter & PageParams) => request<Paged<Staff>>('GET', '/staff', { query: p }),
  exportStaff: (p: StaffFilter) => download('/staff/export', p, 'staff.xlsx'),
  staffMember: (id: number) => request<StaffDetail>('GET', `/staff/${id}`),
  createStaff: (body: Static<typeof StaffCreateBody>) => request<Staff>('POST', '/staff', { body }),
  patchStaff: (id: number, body: Static<typeof StaffPatchBody>) => request<Staff>('PATCH', `/staff/${id}`, { body }),
  disqualifyStaff: (id: number, reason: string) =>
    request<Staff>('POST', `/staff/${id}/disqualify`, { body: { reason } }),

  // ---- evaluation specifications (INST-7)
  specs: () => request<Spec[]>('GET', '/specs'),
  spec: (id: number) => request<Spec>('GET', `/specs/${id}`),
  createSpec: (body: Static<typeof SpecCreateBody>) => request<Spec>('POST', '/specs', { body }),
  submitSpec: (id: number) => request<Spec>('POST', `/specs/${id}/submit`),
  reviewSpec: (id: number, body: ExpertOpinion) => request<Spec>('POST', `/specs/${id}/reviews`, { body }),
  fileSpec: (id: number, reason?: string | null) =>
    request<Spec>('POST', `/specs/${id}/file`, { body: { reason: reason || null } }),
  rejectSpec: (id: number, reason?: string | null) =>
    request<Spec>('POST', `/specs/${id}/reject`, { body: { reason: reason || null } }),

  // ---- public catalog (no sign-in)
  catalog: (p: CatalogFilter & PageParams) =>
    request<Paged<CatalogEntry>>('GET', '/public/institutions', { query: p, quiet401: true }),
  catalogEntry: (id: number) => request<CatalogDetail>('GET', `/public/institutions/${id}`, { quiet401: true }),
  publicRegions: (parent?: string) =>
    request<Region[]>('GET', '/public/regions', { query: { parent }, quiet401: true }),
  publicOccupations: () => request<PublicOccupation[]>('GET', '/public/occupations', { quiet401: true }),

  // ---- reference data
  regions: (parent?: string) => request<Region[]>('GET', '/regions', { query: { parent } }),
  patchRegion: (code: string, body: Static<typeof RegionPatchBody>) =>
    request<Region>('PATCH', `/regions/${code}`, { body }),
  occupations: (p: { q?: string } & PageParams) => request<Paged<Occupation>>('GET', '/occupations', { query: p }),
  createOccupation: (body: Static<typeof OccupationBody>) => request<Occupation>('POST', '/occupations', { body }),
  patchOccupation: (id: number, body: Static<typeof OccupationPatchBody>) =>
    request<Occupation>('PATCH', `/occupations/${id}`, { body }),
  onePlusX: (p: { q?: string } & PageParams) => request<Paged<OnePlusX>>('GET', '/one-plus-x', { query: p }),
  createOnePlusX: (body: Static<typeof OnePlusXBody>) => request<OnePlusX>('POST', '/one-plus-x', { body }),
  patchOnePlusX: (id: number, body: Static<typeof OnePlusXPatchBody>) =>
    request<OnePlusX>('PATCH', `/one-plus-x/${id}`, { body }),
  levels: () => request<Level[]>('GET', '/levels'),

  // ---- accounts
  accounts: (p: { q?: string; role?: Role } & PageParams) => request<Paged<Account>>('GET', '/accounts', { query: p }),
  createAccount: (body: Static<typeof AccountCreateBody>) => request<Account>('POST', '/accounts', { body }),
  patchAccount: (id: number, body: Static<typeof AccountPatchBody>) =>
    request<Account>('PATCH', `/accounts/${id}`, { body }),
  unlockAccount: (id: number) => request<Account>('POST', `/accounts/${id}/unlock`),
  resetPassword: (id: number, newPassword: string) =>
    request<Account>('POST', `/accounts/${id}/reset-password`, { body: { newPassword } }),
  resetSecondFactor: (id: number) => request<Account>('POST', `/accounts/${id}/reset-second-factor`),

  // ---- occupation standards (per occupation and level)
  standards: (occupationId: number) => request<Standard[]>('GET', '/standards', { query: { occupationId } }),
  putStandard: (occupationId: number, level: number, body: StandardInput) =>
    request<Standard>('PUT', `/standards/${occupationId}/${level}`, { body }),

  // ---- evaluation plans (CERT-2)
  plans: () => request<PlanSummary[]>('GET', '/plans'),
  plan: (id: number) => request<PlanDetail>('GET', `/plans/${id}`),
  createPlan: (body: PlanCreateBody) => request<PlanDetail>('POST', '/plans', { body }),
  publishPlan: (id: number) => request<PlanDetail>('POST', `/plans/${id}/publish`),
  register: (planId: number, body: CandidateBody) =>
    request<RegisterResult>('POST', `/plans/${planId}/registrations`, { body }),
  rosterTemplate: () => download('/roster-template', {}, '考生名单模板.xlsx'),
  importRoster: (planId: number, file: File, opts: { skipRegistered?: boolean } = {}) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    // a tracked job (202): its `result` is the RosterResult once it has succeeded (followJob)
    return request<Job>('POST', `/plans/${planId}/roster`, {
      body: fd,
      ...(opts.skipRegistered ? { query: { skipRegistered: true } } : {}),
    });
  },
  withdraw: (registrationId: number, reason: string) =>
    request<WithdrawResult>('POST', `/registrations/${registrationId}/withdraw`, { body: { reason } }),
  registrationSituation: (registrationId: number) =>
    request<RegistrationSituation>('GET', `/registrations/${registrationId}/situation`),
  decide: (registrationId: number, eligible: boolean, reason: string) =>
    request<DecisionResult>('POST', `/registrations/${registrationId}/decision`, {
      body: { eligible, reason },
    }),
  ticket: (registrationId: number) =>
    download(`/registrations/${registrationId}/ticket`, {}, `准考证-${registrationId}.pdf`),
  sessions: (planId: number) => request<ExamSession[]>('GET', `/plans/${planId}/sessions`),
  createSession: (planId: number, body: SessionBody) =>
    request<SessionCreated>('POST', `/plans/${planId}/sessions`, {
      body,
    }),
  enterScores: (planId: number, entries: { registrationId: number; part: Part; score: number }[]) =>
    request<ScoresEntered>('POST', `/plans/${planId}/scores`, { body: { entries } }),
  confirmScores: (planId: number) => request<ScoresConfirmed>('POST', `/plans/${planId}/scores/confirm`),
  correctScore: (registrationId: number, part: Part, score: number, reason: string) =>
    request<ScoreCorrected>('POST', `/registrations/${registrationId}/scores/${part}/correct`, {
      body: { score, reason },
    }),
  scoreLedger: (registrationId: number) => request<ScoreLedger>('GET', `/registrations/${registrationId}/scores`),
  publishResults: (planId: number) => request<PublishResults>('POST', `/plans/${planId}/results/publish`),
  publicResults: (planId: number) =>
    request<PublicResults>('GET', `/public/plans/${planId}/results`, { quiet401: true }),
  raiseObjection: (registrationId: number, text: string) =>
    request<ObjectionOutcome>('POST', `/registrations/${registrationId}/objections`, { body: { text } }),
  objections: (planId: number) => request<Objection[]>('GET', `/plans/${planId}/objections`),
  resolveObjection: (id: number, upheld: boolean, resolution: string) =>
    request<ObjectionOutcome>('POST', `/objections/${id}/resolve`, { body: { upheld, resolution } }),
  finalizePlan: (planId: number) => request<FinalizeResult>('POST', `/plans/${planId}/finalize`),
  // a tracked job (202): its `result` is the IssueResult once it has succeeded (followJob)
  issuePlan: (planId: number) => request<Job>('POST', `/plans/${planId}/issue`),

  // ---- certificates (CERT-7, CERT-11, CERT-12)
  certificates: (p: CertificateListQuery & PageParams) =>
    request<Paged<Certificate>>('GET', '/certificates', { query: p }),
  exportCertificates: (p: CertificateListQuery) => download('/certificates/export', p, 'certificates.xlsx'),
  certificate: (id: number) => request<CertificateDetail>('GET', `/certificates/${id}`),
  certificatePdf: (id: number, number: string) => download(`/certificates/${id}/pdf`, {}, `${number}.pdf`),
  /** the signed Open Badges 3.0 credential (409 CREDENTIAL_PENDING while it is being signed) */
  certificateCredential: (id: number, number: string) =>
    download(`/certificates/${id}/credential`, {}, `${number}.credential.json`),
  /** the learner's own applications */
  myRegistrations: () => request<MyRegistration[]>('GET', '/me/registrations'),
  certificateStatus: (id: number, action: 'suspend' | 'reinstate' | 'revoke', reason: string) =>
    request<CertificateStatusResult>('POST', `/certificates/${id}/status`, {
      body: { action, reason },
    }),
  correctCertificate: (id: number, body: CertificateCorrectionBody) =>
    request<CertificateCorrected>('POST', `/certificates/${id}/corrections`, { body }),
  /** the ZIP of an institution's certificate PDFs; resolves to the file name and the count header */
  certificatesZip: (p: CertificateBatchQuery) =>
    downloadBlob('/certificates/batch.zip', p, 'certificates.zip', 'x-certificate-count'),
  /** the same ZIP as a background job (issue 17): answered at once with the job to follow */
  startCertificatesZipJob: (body: CertificateBatchQuery) => request<Job>('POST', '/certificates/batch-jobs', { body }),
  /** one of the caller's own background jobs: status, progress, result */
  job: (id: number) => request<Job>('GET', `/jobs/${id}`),
  /** the caller's own recent jobs, newest first (我的任务) */
  jobs: () => request<Job[]>('GET', '/jobs'),
  jobFile: (id: number, fallbackName: string) => download(`/jobs/${id}/file`, {}, fallbackName),
  coverage: (p: CoverageQuery) => request<Coverage>('GET', '/coverage', { query: p }),
  /** masked ID numbers, or full ones with a recorded purpose (audited) */
  exportCoverage: (p: CoverageQuery, purpose?: string) =>
    download('/coverage/export', purpose ? { ...p, purpose } : p, '毕业生持证情况.xlsx'),
  // ---- personal data (issue 11): a full ID number only with a reason, audited
  revealId: (kind: RevealKind, id: number, reason: string) =>
    request<RevealedId>('POST', `/${kind}/${id}/reveal-id`, { body: { reason } }),

  // ---- other pathways (CERT-3..6)
  pathwayRecords: () => request<PathwayRecord[]>('GET', '/pathways'),
  // CERT-3: the school records its student's 1+X certificate with the scan, then recognises that record once
  holdings: () => request<Holding[]>('GET', '/pathways/one-plus-x/holdings'),
  recordHolding: (fields: HoldingFields, file: File) => {
    const fd = new FormData();
    // the text fields before the file: the server reads them with it
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) fd.append(k, String(v));
    fd.append('file', file, file.name);
    return request<Holding>('POST', '/pathways/one-plus-x/holdings', { body: fd });
  },
  downloadHoldingEvidence: (id: number, name: string) =>
    download(`/pathways/one-plus-x/holdings/${id}/evidence`, {}, name),
  recognize: (holdingId: number, occupationId: number) =>
    request<PathwayIssued>('POST', '/pathways/recognition', { body: { holdingId, occupationId } }),
  processBased: (body: ProcessBody) => request<PathwayIssued>('POST', '/pathways/process', { body }),
  // CERT-5: proposed by the organiser, approved before the contest by the HRSS that filed it
  competitions: (query: CompetitionQuery = {}) => request<Competition[]>('GET', '/competitions', { query }),
  createCompetition: (body: CompetitionBody) => request<Competition>('POST', '/competitions', { body }),
  reviseCompetition: (id: number, body: CompetitionBody) =>
    request<Competition>('PUT', `/competitions/${id}`, { body }),
  submitCompetition: (id: number) => request<Competition>('POST', `/competitions/${id}/submit`),
  decideCompetition: (id: number, body: CompetitionDecisionBody) =>
    request<Competition>('POST', `/competitions/${id}/decision`, { body }),
  award: (competitionId: number, body: AwardBody) =>
    request<PathwayIssued>('POST', `/competitions/${competitionId}/awards`, { body }),
  competitionCaps: () => request<TierCap[]>('GET', '/competition-caps'),
  setCompetitionCap: (tier: CompetitionTier, body: TierCapBody) =>
    request<TierCap>('PUT', `/competition-caps/${tier}`, { body }),
  // CERT-6: proposed by the enterprise, accepted or declined by the school, recorded with the enterprise's filing authority
  partnerships: () => request<Partnership[]>('GET', '/partnerships'),
  proposePartnership: (body: PartnershipBody) => request<Partnership>('POST', '/partnerships', { body }),
  partnershipStep: (id: number, body: PartnershipStepBody) =>
    request<Partnership>('POST', `/partnerships/${id}/steps`, { body }),
  enterprise: (body: EnterpriseBody) => request<PathwayIssued>('POST', '/pathways/enterprise', { body }),

  // ---- 国家职业资格证书, 专项职业能力证书, 特种作业操作证 recorded by HRSS (TRAIN-9, CERT-9)
  otherCertificates: (p: Partial<OtherCertificateQuery>) =>
    request<Paged<OtherCertificate>>('GET', '/other-certificates', { query: p }),
  recordOtherCertificate: (body: OtherCertificateBody) =>
    request<OtherCertificate>('POST', '/other-certificates', { body }),
  revokeOtherCertificate: (id: number, reason: string) =>
    request<OtherCertificate>('POST', `/other-certificates/${id}/revoke`, { body: { reason } }),
  importOtherCertificates: (file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    // a tracked job (202): its `result` is the OtherCertificateImportResult once it has succeeded (followJob)
    return request<Job>('POST', '/other-certificates/import', { body: fd });
  },
  otherCertificateTemplate: () => download('/other-certificates/template', {}, '其他类证书导入模板.xlsx'),

  // ---- subsidies (SUB-1 … SUB-4): amounts are the platform's, never sent
  subsidyRates: () => request<Rate[]>('GET', '/subsidy-rates'),
  createSubsidyRate: (body: RateBody) => request<Rate>('POST', '/subsidy-rates', { body }),
  patchSubsidyRate: (id: number, body: RatePatchBody) => request<Rate>('PATCH', `/subsidy-rates/${id}`, { body }),
  previewClaim: (body: ClaimPreviewBody) => request<ClaimPreview>('POST', '/subsidies/claims/preview', { body }),
  createClaim: (body: ClaimCreateBody) => request<ClaimDetail>('POST', '/subsidies/claims', { body }),
  previewTrainingClaim: (classId: number) =>
    request<TrainingClaimPreview>('POST', '/subsidies/training-claims/preview', { body: { classId } }),
  createTrainingClaim: (body: TrainingClaimCreateBody) =>
    request<ClaimDetail>('POST', '/subsidies/training-claims', { body }),
  claims: (p: Partial<ClaimListQuery>) => request<Paged<ClaimSummary>>('GET', '/subsidies/claims', { query: p }),
  claimQueue: () => request<ClaimQueue>('GET', '/subsidies/queue'),
  exportClaims: (p: Omit<Partial<ClaimListQuery>, 'page' | 'pageSize'>) =>
    download('/subsidies/claims/export', p, '补贴申领.xlsx'),
  claim: (id: number) => request<ClaimDetail>('GET', `/subsidies/claims/${id}`),
  claimLines: (id: number, p: { status?: LineStatus } & PageParams) =>
    request<Paged<ClaimLine>>('GET', `/subsidies/claims/${id}/lines`, { query: p }),
  submitClaim: (id: number, body: ClaimSubmitBody) =>
    request<ClaimDetail>('POST', `/subsidies/claims/${id}/submit`, { body }),
  withdrawClaim: (id: number) => request<ClaimDetail>('POST', `/subsidies/claims/${id}/withdraw`),
  reviewClaim: (id: number, body: ClaimReviewBody) =>
    request<ClaimDetail>('POST', `/subsidies/claims/${id}/review`, { body }),
  financeClaim: (id: number, body: ClaimFinanceBody) =>
    request<ClaimDetail>('POST', `/subsidies/claims/${id}/finance`, { body }),
  reverseClaim: (id: number, body: ReversalBody) =>
    request<ClaimDetail>('POST', `/subsidies/claims/${id}/reversals`, { body }),
  recordRecovery: (reversalId: number, body: RecoveryBody) =>
    request<ClaimDetail>('POST', `/subsidies/reversals/${reversalId}/recoveries`, { body }),
  funds: (year: number) => request<Fund[]>('GET', '/subsidies/funds', { query: { year } }),
  setFund: (regionCode: string, year: number, body: FundBody) =>
    request<Fund>('PUT', `/subsidies/funds/${regionCode}/${year}`, { body }),
  publicSubsidies: () => request<PublicClaim[]>('GET', '/public/subsidy-publicity', { quiet401: true }),
  publicFundUse: (year?: number) =>
    request<PublicFundUse>('GET', '/public/subsidy-fund-use', { query: year ? { year } : {}, quiet401: true }),
  publicSubsidy: (id: number, p: PageParams) =>
    request<PublicClaimDetail>('GET', `/public/subsidy-publicity/${id}`, { query: p, quiet401: true }),
  // ---- subsidised training (TRAIN-1…13)
  publicTrainingClasses: (q: PublicTrainingQuery = {}) =>
    request<Paged<PublicClass>>('GET', '/public/training/classes', { query: q, quiet401: true }),
  publicTrainingProviders: (q: PublicTrainingQuery = {}) =>
    request<Paged<PublicProvider>>('GET', '/public/training/providers', { query: q, quiet401: true }),
  publicTrainingExits: (q: PublicTrainingQuery = {}) =>
    request<Paged<PublicExit>>('GET', '/public/training/exits', { query: q, quiet401: true }),
  trainingProviders: (q: ProviderQuery = {}) => request<Paged<Provider>>('GET', '/training/providers', { query: q }),
  trainingProvider: (id: number) => request<ProviderDetail>('GET', `/training/providers/${id}`),
  createTrainingProvider: (body: ProviderCreateBody) => request<Provider>('POST', '/training/providers', { body }),
  setTrainingScope: (id: number, occupationIds: number[]) =>
    request<Provider>('PUT', `/training/providers/${id}/occupations`, { body: { occupationIds } }),
  recordInspection: (id: number, body: InspectionBody) =>
    request<Provider>('POST', `/training/providers/${id}/inspections`, { body }),
  exitProvider: (id: number, reason: string) =>
    request<Provider>('POST', `/training/providers/${id}/exit`, { body: { reason } }),
  relistProvider: (id: number, reason: string) =>
    request<Provider>('POST', `/training/providers/${id}/relist`, { body: { reason } }),
  trainers: (providerId: number) => request<Trainer[]>('GET', `/training/providers/${providerId}/trainers`),
  registerTrainer: (providerId: number, body: TrainerBody) =>
    request<Trainer>('POST', `/training/providers/${providerId}/trainers`, { body }),
  trainerLeaves: (id: number, reason: string) =>
    request<Trainer>('POST', `/training/trainers/${id}/leave`, { body: { reason } }),
  trainingFilings: () => request<TrainingFiling[]>('GET', '/training/filings'),
  applyTrainingFiling: (body: TrainingFilingBody) => request<TrainingFiling>('POST', '/training/filings', { body }),
  decideTrainingFiling: (id: number, body: TrainingFilingDecisionBody) =>
    request<TrainingFiling>('POST', `/training/filings/${id}/decision`, { body }),
  trainingClasses: (q: ClassQuery = {}) => request<Paged<TrainingClass>>('GET', '/training/classes', { query: q }),
  trainingClass: (id: number) => request<ClassDetail>('GET', `/training/classes/${id}`),
  checkTrainingClass: (body: ClassBody, signal?: AbortSignal) =>
    request<ClassChecks>('POST', '/training/classes/check', { body, signal }),
  createTrainingClass: (body: ClassBody) => request<TrainingClass>('POST', '/training/classes', { body }),
  updateTrainingClass: (id: number, body: ClassBody) =>
    request<TrainingClass>('PUT', `/training/classes/${id}`, { body }),
  trainingClassStep: (id: number, body: ClassStepBody) =>
    request<TrainingClass>('POST', `/training/classes/${id}/steps`, { body }),
  decideTrainingClass: (id: number, body: ClassDecisionBody) =>
    request<TrainingClass>('POST', `/training/classes/${id}/decision`, { body }),
  trainees: (classId: number) => request<Trainee[]>('GET', `/training/classes/${classId}/trainees`),
  addTrainee: (classId: number, body: TraineeBody) =>
    request<Trainee>('POST', `/training/classes/${classId}/trainees`, { body }),
  importTrainees: (classId: number, file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    // a tracked job (202): its `result` is the TraineeImportResult once it has succeeded (followJob)
    return request<Job>('POST', `/training/classes/${classId}/trainees/import`, { body: fd });
  },
  traineeTemplate: () => download('/training/trainee-template', {}, '培训学员名单模板.xlsx'),
  withdrawTrainee: (id: number, reason: string) =>
    request<Trainee>('POST', `/training/trainees/${id}/withdraw`, { body: { reason } }),
  // ---- hours that count (TRAIN-4, TRAIN-10, TRAIN-11)
  classHours: (classId: number) => request<ClassHours>('GET', `/training/classes/${classId}/hours`),
  addSessions: (classId: number, body: ClassHourBody) =>
    request<TrainingSession[]>('POST', `/training/classes/${classId}/sessions`, { body }),
  deleteSession: (id: number) => request<{ deleted: number }>('DELETE', `/training/sessions/${id}`),
  recordAttendance: (sessionId: number, body: AttendanceBody) =>
    request<TrainingSession>('PUT', `/training/sessions/${sessionId}/attendance`, { body }),
  putRecording: (sessionId: number, body: RecordingBody) =>
    request<TrainingSession>('PUT', `/training/sessions/${sessionId}/recording`, { body }),
  addSpotCheck: (classId: number, body: SpotCheckBody) =>
    request<SpotCheck>('POST', `/training/classes/${classId}/spot-checks`, { body }),
  importOnlineRecords: (classId: number, file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    // a tracked job (202): its `result` is the OnlineImportResult once it has succeeded (followJob)
    return request<Job>('POST', `/training/classes/${classId}/online-records/import`, { body: fd });
  },
  recordCompletion: (traineeId: number, body: CompletionBody) =>
    request<Completion>('POST', `/training/trainees/${traineeId}/completion`, { body }),
  completionCertificate: (traineeId: number, number: string) =>
    download(`/training/trainees/${traineeId}/completion-certificate`, {}, `培训合格证书-${number}.pdf`),
  onlineRecordTemplate: () => download('/training/online-record-template', {}, '线上学习记录模板.xlsx'),
  // TRAIN-8: the satisfaction survey (public answers through a trainee's code; aggregates only)
  publicSurvey: (token: string) => request<PublicSurvey>('GET', `/public/training/survey/${token}`, { quiet401: true }),
  answerSurvey: (token: string, body: SurveyAnswerBody) =>
    request<{ recorded: true }>('POST', `/public/training/survey/${token}`, { body, quiet401: true }),
  classSurvey: (classId: number) => request<SurveySummary>('GET', `/training/classes/${classId}/survey`),
  surveyCodes: (classId: number) => request<SurveyInvites>('GET', `/training/classes/${classId}/survey/codes`),
  closeSurvey: (classId: number) => request<SurveySummary>('POST', `/training/classes/${classId}/survey/close`),
  // Excel exports (masked ID numbers, audited)
  exportTrainingClasses: (q: ClassExportQuery) => download('/training/classes/export', q, '培训班.xlsx'),
  exportTrainees: (classId: number) =>
    download(`/training/classes/${classId}/trainees/export`, {}, `学员名单-${classId}.xlsx`),
  exportAttendance: (classId: number) =>
    download(`/training/classes/${classId}/attendance/export`, {}, `考勤表-${classId}.xlsx`),
  occupationSettings: () => request<OccupationSetting[]>('GET', '/training/occupation-settings'),
  putOccupationSetting: (occupationId: number, body: OccupationSettingBody) =>
    request<OccupationSetting>('PUT', `/training/occupation-settings/${occupationId}`, { body }),
  // ---- targets, progress, monthly reports (TGT-1…4, SUP-3, CERT-9)
  targets: (q: { unit?: string; year?: number }) => request<TargetsView>('GET', '/targets', { query: q }),
  putTarget: (body: TargetPutBody) =>
    request<{ unit: string; metric: string; value: number | null; previous: number | null }>('PUT', '/targets', {
      body,
    }),
  exportTargets: (q: { unit?: string; year?: number }) => download('/targets/export', q, '年度任务分解表.xlsx'),
  importTargets: (year: number, file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    return request<{ year: number; rows: number; changed: number }>('POST', '/targets/import', {
      query: { year },
      body: fd,
    });
  },
  dashboard: (q: { unit?: string; year?: number }) => request<Dashboard>('GET', '/dashboard', { query: q }),
  report: (q: { unit?: string; month: string }) => request<MonthlyReport>('GET', '/reports', { query: q }),
  reportWorkbook: (q: { unit?: string; month: string }) => download('/reports/workbook', q, `月报${q.month}.xlsx`),
  bulletin: (q: { unit?: string; month: string }) => download('/reports/bulletin', q, `通报${q.month}.pdf`),
  submitReport: (month: string, note?: string) =>
    request<{ unit: string; month: string; submittedAt: string; late: boolean; creditRecorded: boolean }>(
      'POST',
      '/reports/submit',
      { body: { month, ...(note ? { note } : {}) } },
    ),
  recordDelays: (month: string) =>
    request<{ month: string; recorded: { unit: string; name: string }[] }>('POST', '/reports/delays', {
      body: { month },
    }),
  assessmentSheet: (q: { unit?: string; year: number }) => download('/assessment-sheet', q, `年度考核表${q.year}.xlsx`),
  graduatesTemplate: () => download('/graduating-classes/template', {}, '毕业生名册模板.xlsx'),
  graduatingClasses: () =>
    request<{ year: number; students: number; importedAt: string | null }[]>('GET', '/graduating-classes'),
  importGraduates: (graduationYear: number, file: File) => {
    const fd = new FormData();
    fd.append('file', file, file.name);
    return request<{ graduationYear: number; students: number; newPeople: number }>('POST', '/graduating-classes', {
      query: { graduationYear },
      body: fd,
    });
  },

  // ---- audit
  audit: (p: AuditFilter) => request<Paged<AuditRecord>>('GET', '/audit', { query: p }),
  verifyAudit: () => request<AuditVerify>('GET', '/audit/verify'),
};
