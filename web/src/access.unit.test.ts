import { describe, expect, it } from 'vitest';
import { ACCESS, type Action } from '../../contract/access.js';
import { ROLES, type Role } from '../../contract/roles.js';
import {
  canConfirmScores,
  canCorrectCertificates,
  canCorrectScores,
  canDownloadCertificateZip,
  canDownloadTickets,
  canEditStandards,
  canEnterScores,
  canManagePlans,
  canOpen,
  canSanctionCertificates,
  PAGES_BY_ROLE,
  type PageKey,
} from './access';

describe('pages by role', () => {
  it('every role has a home page', () => {
    for (const r of ROLES) expect(canOpen(r, 'home'), r).toBe(true);
  });
  it('only the audit administrator opens the audit log (三员分立)', () => {
    expect(ROLES.filter((r) => canOpen(r, 'audit'))).toEqual(['audit_admin']);
  });
  it('accounts belong to the system and security administrators only', () => {
    expect(ROLES.filter((r) => canOpen(r, 'accounts')).sort()).toEqual(['security_admin', 'system_admin']);
  });
  it('learners see only the home page; experts also read institutions', () => {
    expect(PAGES_BY_ROLE.learner).toEqual(['home']);
    expect(PAGES_BY_ROLE.expert).toEqual(['home', 'institutions']);
  });
  it('the institution admin works on its own filing, staff, specifications, plans, pathways and certificates; examiners only read and mark', () => {
    expect(PAGES_BY_ROLE.institution_admin).toEqual([
      'home',
      'institutions',
      'filings',
      'staff',
      'specs',
      'plans',
      'pathways',
      'certificates',
      'coverage',
      'standards',
    ]);
    expect(PAGES_BY_ROLE.examiner).toEqual(['home', 'institutions', 'plans']);
  });
  it('CERT-11: only the institution admin runs a plan; examiners enter scores; a supervisor only confirms', () => {
    expect(ROLES.filter(canManagePlans)).toEqual(['institution_admin']);
    expect(ROLES.filter(canEnterScores).sort()).toEqual(['examiner', 'institution_admin']);
    expect(ROLES.filter(canConfirmScores).sort()).toEqual(['examiner', 'institution_admin', 'quality_supervisor']);
  });
  it('CERT-12: the issuing institution and the province and city HRSS revoke; only the province HRSS edits standards', () => {
    expect(ROLES.filter(canSanctionCertificates).sort()).toEqual(['city_hrss', 'institution_admin', 'province_hrss']);
    expect(ROLES.filter(canEditStandards)).toEqual(['province_hrss']);
    expect(ROLES.filter((r) => canOpen(r, 'pathways'))).toEqual(['institution_admin']);
  });
});

/**
 * Every API route with the roles it admits, collected from the server's own route modules (no
 * database: the handlers never run), so the web's rules are checked against the real ones.
 */
async function serverRoutes(): Promise<
  { method: string; url: string; access: { action?: Action; public?: string } }[]
> {
  const imp = async (p: string) => (await import(/* @vite-ignore */ p)) as Record<string, unknown>;
  const { default: Fastify } = (await imp('fastify')) as unknown as {
    default: (o?: object) => {
      decorate(k: string, v: unknown): void;
      register(p: unknown): Promise<unknown>;
      ready(): Promise<unknown>;
      close(): Promise<unknown>;
      apiRoutes: [];
    };
  };
  const { registerAuth } = (await imp(['..', '..', 'server', 'src', 'plugins', 'auth.ts'].join('/'))) as {
    registerAuth: (app: unknown) => void;
  };
  const { ROUTE_MODULES } = (await imp(['..', '..', 'server', 'src', 'app.ts'].join('/'))) as {
    ROUTE_MODULES: unknown[];
  };
  const app = Fastify();
  app.decorate('deps', {});
  registerAuth(app);
  for (const m of ROUTE_MODULES) await app.register(m);
  await app.ready();
  const routes = [...app.apiRoutes];
  await app.close();
  return routes;
}

describe('the pages and actions of skill evaluation match the server routes', () => {
  // what each page loads, and what each action button calls
  const PAGE_ENDPOINTS: Partial<Record<PageKey, string[]>> = {
    plans: [
      'GET /api/plans',
      'GET /api/plans/:id',
      'GET /api/plans/:id/sessions',
      'GET /api/plans/:id/objections',
      'GET /api/registrations/:id/scores',
    ],
    certificates: ['GET /api/certificates', 'GET /api/certificates/:id', 'GET /api/certificates/:id/pdf'],
    coverage: ['GET /api/coverage', 'GET /api/coverage/export'],
    standards: ['GET /api/standards'],
    pathways: [
      'GET /api/pathways',
      'GET /api/competitions',
      'POST /api/pathways/process',
      'POST /api/competitions',
      'POST /api/pathways/enterprise',
    ],
  };
  const ACTIONS: [string, (r: Role) => boolean, string[]][] = [
    [
      'manage plans',
      canManagePlans,
      [
        'POST /api/plans',
        'POST /api/plans/:id/publish',
        'POST /api/plans/:id/roster',
        'GET /api/roster-template',
        'POST /api/registrations/:id/decision',
        'POST /api/plans/:id/sessions',
        'POST /api/plans/:id/results/publish',
        'POST /api/objections/:id/resolve',
        'POST /api/plans/:id/finalize',
        'POST /api/plans/:id/issue',
      ],
    ],
    ['enter scores', canEnterScores, ['POST /api/plans/:id/scores']],
    ['confirm scores', canConfirmScores, ['POST /api/plans/:id/scores/confirm']],
    ['correct scores', canCorrectScores, ['POST /api/registrations/:id/scores/:part/correct']],
    ['admission tickets', canDownloadTickets, ['GET /api/registrations/:id/ticket']],
    ['sanction certificates', canSanctionCertificates, ['POST /api/certificates/:id/status']],
    ['correct certificates', canCorrectCertificates, ['POST /api/certificates/:id/corrections']],
    ['certificate ZIP', canDownloadCertificateZip, ['GET /api/certificates/batch.zip']],
    ['edit standards', canEditStandards, ['PUT /api/standards/:occupationId/:level']],
  ];
  it('each page and each action button is offered only to roles the server admits, and to all of them', async () => {
    const routes = await serverRoutes();
    const rolesOf = (key: string): readonly Role[] => {
      const [method, url] = key.split(' ');
      const r = routes.find((x) => x.method === method && x.url === url);
      expect(r, `${key} is not a server route`).toBeDefined();
      const action = r!.access.action;
      return action ? ACCESS[action].roles : [];
    };
    for (const [page, endpoints] of Object.entries(PAGE_ENDPOINTS) as [PageKey, string[]][]) {
      for (const e of endpoints)
        for (const r of ROLES) if (canOpen(r, page)) expect(rolesOf(e), `${r} → ${page} → ${e}`).toContain(r);
    }
    for (const [name, allowed, endpoints] of ACTIONS) {
      for (const e of endpoints) {
        const server = rolesOf(e);
        // no button the server refuses, and no server permission left without its button
        expect(ROLES.filter(allowed).sort(), `${name} → ${e}`).toEqual([...server].sort());
      }
    }
  }, 30_000);
});

describe('the menu offers no page the server forbids', () => {
  it('each page key maps onto the server readers of its endpoint', async () => {
    const readers: Partial<Record<PageKey, readonly Role[]>> = {
      queue: ACCESS['filing.read'].roles,
      filings: ACCESS['filing.read'].roles,
      institutions: ACCESS['institution.read'].roles,
      staff: ACCESS['staff.read'].roles,
      specs: ACCESS['spec.read'].roles,
    };
    for (const [page, allowed] of Object.entries(readers) as [PageKey, readonly Role[]][]) {
      expect(allowed?.length, page).toBeGreaterThan(0);
      for (const r of ROLES) if (canOpen(r, page)) expect(allowed, `${r} → ${page}`).toContain(r);
    }
  });
});
