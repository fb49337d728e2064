import type { Action } from '../../../contract/access.js';
import type { Actor, Deps, RequestContext } from '../lib/context.js';

/**
 * Who may call a route. Every /api route declares one (registration fails otherwise):
 * `public` with the reason it is public, or the action it performs, whose roles come from the
 * one table in contract/access.ts. Scope (which records) is applied inside the queries, never here.
 */
export type Access = { public: string } | { action: Action };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** a public route that never looks the session up (liveness: it must answer with the database down) */
    noSession?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionIdHash: string | null;
    sessionExpiresAt: string | null;
    /** a session whose password was accepted and whose second factor is awaited (no actor) */
    pendingSecondFactor: { idHash: string; userId: number } | null;
    ctx: RequestContext;
  }
  interface FastifyInstance {
    deps: Deps;
    /** every /api route with its declared access (the route-matrix test walks this list) */
    apiRoutes: { method: string; url: string; access: Access }[];
  }
}
