/**
 * Limits shared by server and web: the request schemas in contract/api*.ts validate with them and
 * the web forms cap their inputs with the same numbers. Each names where it comes from.
 */

// ---- accounts and sessions
export const PASSWORD_MIN_LENGTH = 8; // security baseline: 8+ chars
export const PASSWORD_MIN_CLASSES = 3; // of: lower, upper, digit, symbol
export const PASSWORD_MAX_LENGTH = 128;
// the rest of the password policy (common passwords, username, demo password): contract/password-policy.ts
export const USERNAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]{2,39}$';
export const USERNAME_MAX_LENGTH = 40; // the longest USERNAME_PATTERN accepts
export const LOGIN_NAME_MAX_LENGTH = 64; // what the login form takes: longer than any username, shorter than abuse
export const LOGIN_MAX_FAILURES = 5; // in LOGIN_FAILURE_WINDOW_MINUTES
export const LOGIN_FAILURE_WINDOW_MINUTES = 15;
export const LOGIN_LOCK_MINUTES = 30;
// ---- second factor (等保 level 3 身份鉴别: two kinds of authentication for administrators and approvers)
export const TOTP_DIGITS = 6; // RFC 6238 as authenticator apps use it: 6 digits, 30 s, SHA-1
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_TOLERANCE_STEPS = 1; // one step either side, for a phone's clock drift
export const RECOVERY_CODE_COUNT = 10; // single-use codes handed out at enrolment
export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32: no i, l, o, u
export const SECOND_FACTOR_CODE_MAX_LENGTH = 20; // a recovery code with its dash, and room for stray spaces
export const SECOND_FACTOR_PENDING_MINUTES = 5; // password accepted: this long to enter the code
export const SESSION_IDLE_MINUTES = 15;
export const SESSION_ABSOLUTE_HOURS = 12;
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 200;
export const EXPORT_ROWS_MAX = 100_000;

// ---- reference data
export const OCCUPATION_CODE_PATTERN = '^[1-8]-\\d{2}-\\d{2}-\\d{2}(-\\d{2})?$'; // 职业分类大典 code
export const OCCUPATION_CODE_MAX_LENGTH = 13; // 4-01-02-03-04: the longest code OCCUPATION_CODE_PATTERN accepts
export const OCCUPATION_NAME_MAX_LENGTH = 60; // the longest name in 职业分类大典 (2022) is well below
export const OCCUPATION_EDITION_PATTERN = '^(19|20)\\d{2}$'; // the edition's year, e.g. 2022
export const OCCUPATION_EDITION_LENGTH = 4;
export const REFERENCE_NOTE_MAX_LENGTH = 200;
export const REGION_CODE_PATTERN = '^\\d{6}$'; // GB/T 2260 administrative division code
export const REGION_NAME_MAX_LENGTH = 60;
export const ONE_PLUS_X_BATCH_MIN = 1; // the Ministry of Education published 1+X certificates in batches
export const ONE_PLUS_X_BATCH_MAX = 20;
export const ONE_PLUS_X_NAME_MAX_LENGTH = 80;
export const ORGANISATION_NAME_MAX_LENGTH = 120; // 培训评价组织 names
export const CALENDAR_DAY_NAME_MAX_LENGTH = 40; // a holiday's name, e.g. 国庆节

// ---- people and their documents
/** 姓名 of candidates, certificate holders, staff, accounts and contacts: room for transliterated names. */
export const PERSON_NAME_MAX_LENGTH = 40;
/** Staff are registered by full name: at least two characters. */
export const STAFF_NAME_MIN_LENGTH = 2;
/** Any identity document's number: passports and travel permits are shorter or longer than an ID card. */
export const ID_NUMBER_MIN_LENGTH = 5;
export const ID_NUMBER_MAX_LENGTH = 30;
/** 公民身份号码: 17 digits and a check character (GB 11643-1999). */
export const RESIDENT_ID_LENGTH = 18;
export const RESIDENT_ID_PATTERN = '^\\d{17}[\\dXx]$';
export const PHONE_PATTERN = '^[0-9-]{7,20}$'; // landline with area code or mobile
export const PHONE_MAX_LENGTH = 20; // the longest PHONE_PATTERN accepts
/** 统一社会信用代码: 18 characters without I, O, S, V, Z (GB 32100-2015). */
export const CREDIT_CODE_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$';
export const CREDIT_CODE_LENGTH = 18;
export const ADDRESS_MAX_LENGTH = 200;
/** 专业 a student studies (the learners.major column). */
export const MAJOR_MAX_LENGTH = 60;
export const GRADUATION_YEAR_MIN = 1950; // the oldest graduates still certified
export const YEAR_MAX = 2100; // any year the platform accepts
export const YEARS_IN_OCCUPATION_MAX = 60; // a working life
/** 人员证卡号 of a staff member; an external quality supervisor's card is R + 8 digits (INST-3). */
export const STAFF_CARD_NO_MAX_LENGTH = 20;
export const EXTERNAL_SUPERVISOR_CARD_LENGTH = 9;
export const QUALIFICATION_MAX_LENGTH = 200;

// ---- reasons and notes
/** A reason a decision carries (INST-6, CERT-11, CERT-12, filing and objection decisions): two characters at least. */
export const REASON_MIN_LENGTH = 2;
/** Reasons of sanctions, filing decisions, objections and their resolutions, expert opinions. */
export const REASON_MAX_LENGTH = 1000;
/** Reasons kept with a version: eligibility decisions, score and certificate corrections (CERT-11). */
export const SHORT_REASON_MAX_LENGTH = 500;
export const FILING_NOTE_MAX_LENGTH = 500;
/**
 * Showing a full ID number, or exporting full numbers (issue 11: personal data masked by default):
 * the reason or purpose is required and kept in the audit trail; a few words at least (e.g.
 * 「核对补贴申报身份」), so a reveal is never one click.
 */
export const PERSONAL_DATA_REASON_MIN_LENGTH = 4;
export const PERSONAL_DATA_REASON_MAX_LENGTH = 200;
/** Full ID numbers one account may reveal per hour: enough for casework, not for copying a list out. */
export const ID_REVEALS_PER_HOUR = 30;
/** How long the web shows a revealed number before masking it again. */
export const ID_REVEAL_SHOW_SECONDS = 30;
export const EVIDENCE_DESCRIPTION_MAX_LENGTH = 500;

// ---- institutions, specifications (INST-1..8)
export const INSTITUTION_NAME_MIN_LENGTH = 2;
export const INSTITUTION_NAME_MAX_LENGTH = 120;
export const SPEC_TITLE_MIN_LENGTH = 2;
export const SPEC_TITLE_MAX_LENGTH = 120;

// ---- occupation standards (CERT-2): what a province may set per occupation and level
export const STANDARD_EDITION_MIN_LENGTH = 4;
export const STANDARD_EDITION_MAX_LENGTH = 20;
export const PASS_MARK_MIN = 1;
export const PASS_MARK_MAX = 100; // scores are out of 100
export const EXAM_MINUTES_MIN = 10;
export const EXAM_MINUTES_MAX = 600; // theory and panel: one working day at most
export const PRACTICAL_MINUTES_MAX = 1440; // a practical task may run a full day and night
export const INVIGILATOR_RATIO_MAX = 60; // candidates per invigilator
export const MIN_INVIGILATORS_MAX = 10;
export const EXAMINER_RATIO_MAX = 30; // candidates per examiner
export const MIN_EXAMINERS_MAX = 15; // examiners and panel members: an odd number (CERT-2)
export const MIN_PANEL_MAX = 15;
export const CONDITION_AGE_MAX = 80; // 年满…周岁 in an eligibility condition
export const CONDITION_YEARS_MAX = 50; // years in the occupation, since a level or a title
export const ROUTE_LABEL_MIN_LENGTH = 2;
export const ROUTE_LABEL_MAX_LENGTH = 100;

// ---- evaluation plans, sessions, scores (CERT-2, CERT-11)
export const PLAN_YEAR_MIN = 2020; // the platform's first evaluation year
export const PLAN_TITLE_MIN_LENGTH = 2;
export const PLAN_TITLE_MAX_LENGTH = 120;
export const PLAN_FEE_MAX = 100_000; // yuan
export const PLAN_NOTICE_MAX_LENGTH = 2000;
export const SESSION_SITE_MIN_LENGTH = 2;
export const SESSION_SITE_MAX_LENGTH = 200;
export const ROOM_NAME_MAX_LENGTH = 40;
export const ROOM_CANDIDATES_MAX = 200;
export const ROOM_STAFF_MAX = 50;
export const SESSION_ROOMS_MAX = 100;
export const SCORE_MIN = 0;
export const SCORE_MAX = 100; // percentage points, one decimal (CERT-11)
export const SCORE_ENTRIES_MAX = 5000; // per request
export const OBJECTION_MIN_LENGTH = 2;
export const OBJECTION_MAX_LENGTH = 1000;

// ---- certificates and other pathways (CERT-3..7)
export const WORK_TYPE_MAX_LENGTH = 60; // 工种 printed on a certificate
export const CERTIFICATE_NUMBER_MAX_LENGTH = 40; // 22 characters today; the query field allows margin
export const VERIFY_CODE_MIN_LENGTH = 6;
export const VERIFY_CODE_MAX_LENGTH = 16;
/** the solved proof-of-work (base64 JSON of an altcha challenge and its solution) sent with an ID number + name query */
export const VERIFY_CHALLENGE_PAYLOAD_MAX_LENGTH = 2000;
export const COVERAGE_YEAR_MIN = 2000;
export const ONE_PLUS_X_NUMBER_MIN_LENGTH = 4;
export const ONE_PLUS_X_NUMBER_MAX_LENGTH = 40;
export const COURSE_NAME_MAX_LENGTH = 60;
export const COURSES_MAX = 30; // courses of one programme (CERT-4)
export const COMPETITION_NAME_MIN_LENGTH = 2;
export const COMPETITION_NAME_MAX_LENGTH = 120;
export const COMPETITION_PARTICIPANTS_MAX = 100_000;
export const AWARD_RULES_MAX = 10;
export const AGREEMENT_MIN_LENGTH = 2;
export const AGREEMENT_MAX_LENGTH = 200; // the agreement's title or number (CERT-6)

// ---- filing (INST-2)
/**
 * Expert opinions the education department needs before it recommends an application (INST-2
 * “经专家初审后…推荐备案”). The seeds name no number for this preliminary review; 3 is the
 * platform's reading (the smallest panel with a majority; cf. 5 for reviewing a specification, INST-7).
 */
export const MIN_EXPERT_OPINIONS = 3;

// ---- subsidies (SUB-1 … SUB-4)
export const SUBSIDY_AMOUNT_MAX_FEN = 10_000_000; // one line or rate: ¥100,000, far above Henan's highest (¥5,000, 一级 training)
export const SUBSIDY_CLAIM_LINES_MAX = 100_000; // lines in one claim (a province-wide college claims tens of thousands a year)
export const SUBSIDY_PREVIEW_LINES = 500; // lines a preview shows (ineligible first); totals count them all
export const SUBSIDY_TITLE_MAX_LENGTH = 200;
export const SUBSIDY_SOURCE_MAX_LENGTH = 200; // the document a rate comes from, e.g. 豫人社规〔2022〕2号
export const SUBSIDY_FUND_MAX_FEN = 10_000_000_000_000; // a city's yearly fund: up to ¥100 billion
export const BANK_ACCOUNT_PATTERN = '^\\d{8,30}$'; // a bank account number: digits only, as written on a 开户许可证
// ---- subsidised training (TRAIN-1…13, 许技领办〔2021〕4号)
export const MAX_CLASS_SIZE = 80; // TRAIN-2: 每班人数不超过80人
export const TRAINEES_PER_TEACHER = 20; // TRAIN-2: 师生比 1∶20 以内
export const TRAINEES_PER_WORKSTATION = 20; // TRAIN-2: 工位与培训学员比 1∶20 以内
export const MIN_CLASS_HOUR_MINUTES = 40; // TRAIN-2: 每课时不低于40分钟
export const MIN_PRACTICAL_PERCENT = 65; // TRAIN-2: 实操培训不少于总课时的65%
export const MIN_COMPLETION_ONLY_HOURS = 40; // TRAIN-3: 只能领取培训合格证书的，培训不少于40个学时
export const APPRENTICES_PER_TEACHER = 20; // TRAIN-12: 不超过该职业（工种）专职教师总数的20倍
export const MIN_SATISFACTION_PERCENT = 85; // TRAIN-8: 满意度低于85%的停止培训开班
export const RECTIFICATION_MONTHS = 1; // TRAIN-8: 为期一个月的整改期
export const ASSESSMENT_GAP_MONTHS = 1; // TRAIN-11: 考核后距下一次培训开班不足一个月的不得参加
export const CLASS_TITLE_MIN_LENGTH = 2;
export const CLASS_TITLE_MAX_LENGTH = 120;
export const CLASS_HOURS_MAX = 2000; // theory or practical hours of one class: a year of full-time teaching
export const CLASS_HOUR_MINUTES_MAX = 120;
export const CLASS_TEACHERS_MAX = 200;
export const CLASS_MAJORS_MAX = 20; // majors a class's occupation corresponds to (TRAIN-6)
export const TRAINER_TITLE_MAX_LENGTH = 60; // 职称或职业技能等级 of a full-time trainer
export const TRAINING_SCOPE_MAX = 200; // occupations in one provider's training scope
/**
 * Working days a department has for its step of a filing (INST-2: the education department's
 * review and recommendation, the HRSS department's filing), counted from the day the application
 * reached it. The seeds set no time limit for filing; 20 working days is the platform's reading
 * (the general time limit for an administrative decision, 《行政许可法》第四十二条). Past it, the
 * application is marked overdue in the lists, the work queue and its page.
 */
export const FILING_HANDLING_WORKING_DAYS = 20;
// ---- hours that count (TRAIN-4, TRAIN-10, TRAIN-11, seed 002 三（二）)
export const MIN_PRACTICAL_RECORDING_MINUTES = 15; // TRAIN-4: 实操培训每学时连续录像不低于15分钟
export const ONLINE_CHECK_INTERVAL_MINUTES = 5; // TRAIN-11: 连续5分钟内无弹窗管控的视同培训无效
export const SESSIONS_PER_REQUEST_MAX = 12; // consecutive class hours scheduled at once (a full day)
export const RECORDING_SEGMENTS_MAX = 50;
export const FILE_NAME_MAX_LENGTH = 200;
export const LEAVE_NOTE_MAX_LENGTH = 500;
/** certificates of other kinds in one Excel import (国家职业资格证书 / 专项职业能力证书 / 特种作业操作证): a county's year of them */
export const OTHER_CERTIFICATE_IMPORT_MAX_ROWS = 5_000;
export const ONLINE_RECORDS_MAX_ROWS = 20_000; // one import: 80 trainees × 250 class hours
export const ONLINE_ASSESSMENT_MONTHS: readonly number[] = [4, 8, 12]; // TRAIN-11: 统一于4月、8月、12月进行线下考核
