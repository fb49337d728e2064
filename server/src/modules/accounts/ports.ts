/**
 * What accounts needs from modules that import it: auth (sessions, failed logins) and
 * institutions (the registry an account is bound to). Each supplies its part when it loads, so
 * accounts never imports them back.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { port } from '../../lib/port.js';

export interface SessionControl {
  /** ends every open session of the user (account disabled, password reset) */
  endUserSessions(db: Kysely<DB>, userId: number, at: string): Promise<void>;
  /** forgets the failed logins of a username (account unlocked, password reset) */
  clearLoginFailures(db: Kysely<DB>, username: string): Promise<void>;
}
export const sessionControl = port<SessionControl>('session control (auth module)');

export interface InstitutionDirectory {
  /** the institution with this id, or undefined */
  findInstitution(db: Kysely<DB>, id: number): Promise<{ id: number; name: string } | undefined>;
}
export const institutionDirectory = port<InstitutionDirectory>('institution directory (institutions module)');
