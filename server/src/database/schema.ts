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

export interface DB {
  regions: RegionTable;
  occupations: OccupationTable;
  one_plus_x_certificates: OnePlusXTable;
  skill_levels: SkillLevelTable;
  institutions: InstitutionTable;
  users: UserTable;
  login_failures: LoginFailureTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
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
export type AuditLogRow = Selectable<AuditLogTable>;
