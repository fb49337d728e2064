/** The session cookie's attributes: set at login, cleared at logout and when a session has ended. */
import type { FastifyInstance } from 'fastify';

export function cookieOptions(app: FastifyInstance, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: app.deps.config.cookieSecure,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}
