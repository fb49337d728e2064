import { describe, expect, it } from 'vitest';
import { ACCESS, type Action } from '../../contract/access.js';
import { ROLES, type Role } from '../../contract/roles.js';
import { can, canOpen, PAGE_ACTIONS, PAGES_BY_ROLE, type PageKey } from './access';

const who = (action: Action) => (r: Role) => can(r, action);

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
  it('the institution admin follows its targets and reports and works on its own filing, staff, specifications, plans, pathways, certificates and subsidy claims; examiners only read and mark', () => {
    expect(PAGES_BY_ROLE.institution_admin).toEqual([
      'home',
      'dashboard',
      'targets',
      'reports',
      'institutions',
      'filings',
      'staff',
      'specs',
      'plans',
      'pathways',
      'certificates',
      'coverage',
      'standards',
      'subsidies',
      'subsidyRates',
      'training',
      'trainingProviders',
      'jobs',
    ]);
    expect(PAGES_BY_ROLE.examiner).toEqual(['home', 'institutions', 'plans']);
  });
  it('CERT-11: only the institution admin runs a plan; examiners enter scores; a supervisor only confirms', () => {
    expect(ROLES.filter(who('plan.manage'))).toEqual(['institution_admin']);
    expect(ROLES.filter(who('score.enter')).sort()).toEqual(['examiner', 'institution_admin']);
    expect(ROLES.filter(who('score.confirm')).sort()).toEqual(['examiner', 'institution_admin', 'quality_supervisor']);
  });
  it('the officials and the system administrator keep reference data; only the officials work the filing queue', () => {
    expect(ROLES.filter((r) => canOpen(r, 'reference'))).toEqual([
      'province_edu',
      'province_hrss',
      'city_edu',
      'city_hrss',
      'county_edu',
      'county_hrss',
      'system_admin',
    ]);
    expect(ROLES.filter((r) => canOpen(r, 'queue'))).toEqual([
      'province_edu',
      'province_hrss',
      'city_edu',
      'city_hrss',
      'county_edu',
      'county_hrss',
    ]);
    expect(ROLES.filter((r) => canOpen(r, 'certificates'))).not.toContain('learner');
  });
  it('CERT-12: the issuing institution and the province and city HRSS revoke; only the province HRSS edits standards', () => {
    expect(ROLES.filter(who('certificate.revoke')).sort()).toEqual(['city_hrss', 'institution_admin', 'province_hrss']);
    expect(ROLES.filter(who('standard.edit'))).toEqual(['province_hrss']);
    expect(ROLES.filter((r) => canOpen(r, 'pathways'))).toEqual(['institution_admin']);
    // CERT-5: the HRSS officials approve competition award rules; the province sets the caps
    expect(ROLES.filter((r) => canOpen(r, 'competitions')).sort()).toEqual(['city_hrss', 'province_hrss']);
    expect(ROLES.filter(who('competition.decide')).sort()).toEqual(['city_hrss', 'province_hrss']);
    expect(ROLES.filter(who('competition.cap.edit'))).toEqual(['province_hrss']);
  });
  it('SUB-2: the institution claims, HRSS accepts and reviews, finance approves and pays; only the province sets the rates', () => {
    expect(ROLES.filter(who('subsidy.claim'))).toEqual(['institution_admin']);
    expect(ROLES.filter(who('subsidy.review'))).toEqual(['province_hrss', 'city_hrss']);
    expect(ROLES.filter(who('subsidy.finance'))).toEqual(['province_finance', 'city_finance']);
    expect(ROLES.filter(who('subsidy.rate.edit'))).toEqual(['province_hrss']);
    // finance sees its claims, funds and rates, and nothing else of the programme but its home page
    expect(PAGES_BY_ROLE.city_finance).toEqual(['home', 'subsidies', 'subsidyFunds', 'subsidyRates']);
    expect(ROLES.filter((r) => canOpen(r, 'subsidyFunds'))).toEqual([
      'province_hrss',
      'city_hrss',
      'province_finance',
      'city_finance',
    ]);
  });
});

/**
 * Every API route with the action it declares, collected from the server's own route modules (no
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
  // what each page loads (its main list first), and what each action button calls
  const PAGE_ENDPOINTS: Record<PageKey, string[]> = {
    home: ['GET /api/home'],
    jobs: ['GET /api/jobs', 'GET /api/jobs/:id', 'GET /api/jobs/:id/file'],
    dashboard: ['GET /api/dashboard'],
    targets: ['GET /api/targets', 'GET /api/targets/export'],
    reports: [
      'GET /api/reports',
      'GET /api/reports/workbook',
      'GET /api/reports/bulletin',
      'GET /api/assessment-sheet',
    ],
    queue: ['GET /api/filings/queue', 'GET /api/filings/:id'],
    filings: ['GET /api/filings', 'GET /api/filings/:id'],
    institutions: ['GET /api/institutions', 'GET /api/institutions/:id', 'GET /api/institutions/:id/scopes'],
    staff: ['GET /api/staff', 'GET /api/staff/:id'],
    specs: ['GET /api/specs', 'GET /api/specs/:id'],
    reference: ['GET /api/regions', 'GET /api/occupations', 'GET /api/one-plus-x', 'GET /api/levels'],
    accounts: ['GET /api/accounts'],
    audit: ['GET /api/audit', 'GET /api/audit/verify'],
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
      'PUT /api/competitions/:id',
      'POST /api/competitions/:id/submit',
      'POST /api/competitions/:id/awards',
      'GET /api/competition-caps',
      'POST /api/pathways/enterprise',
    ],
    competitions: ['GET /api/competitions', 'GET /api/competition-caps'],
    subsidies: [
      'GET /api/subsidies/claims',
      'GET /api/subsidies/queue',
      'GET /api/subsidies/claims/:id',
      'GET /api/subsidies/claims/:id/lines',
      'GET /api/subsidies/claims/export',
    ],
    otherCertificates: ['GET /api/other-certificates'],
    subsidyFunds: ['GET /api/subsidies/funds'],
    subsidyRates: ['GET /api/subsidy-rates'],
    training: ['GET /api/training/classes', 'GET /api/training/classes/:id', 'GET /api/training/classes/:id/trainees'],
    trainingProviders: [
      'GET /api/training/providers',
      'GET /api/training/providers/:id',
      'GET /api/training/providers/:id/trainers',
      'GET /api/training/filings',
    ],
  };
  const ACTIONS: [string, Action, string[]][] = [
    [
      'manage plans',
      'plan.manage',
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
    ['enter scores', 'score.enter', ['POST /api/plans/:id/scores']],
    ['confirm scores', 'score.confirm', ['POST /api/plans/:id/scores/confirm']],
    ['correct scores', 'score.correct', ['POST /api/registrations/:id/scores/:part/correct']],
    ['admission tickets', 'ticket.download', ['GET /api/registrations/:id/ticket']],
    ['sanction certificates', 'certificate.revoke', ['POST /api/certificates/:id/status']],
    ['correct certificates', 'certificate.correct', ['POST /api/certificates/:id/corrections']],
    ['certificate ZIP', 'certificate.batch', ['GET /api/certificates/batch.zip']],
    ['edit standards', 'standard.edit', ['PUT /api/standards/:occupationId/:level']],
    ['register institutions', 'institution.register', ['POST /api/institutions']],
    ['export institutions', 'institution.export', ['GET /api/institutions/export']],
    ['manage institutions', 'institution.manage', ['POST /api/institutions/:id/actions']],
    ['record credit', 'institution.credit', ['POST /api/institutions/:id/credit-events']],
    ['edit staff', 'staff.edit', ['POST /api/staff', 'PATCH /api/staff/:id']],
    ['disqualify staff', 'staff.disqualify', ['POST /api/staff/:id/disqualify']],
    ['review specifications', 'spec.review', ['POST /api/specs/:id/reviews', 'POST /api/specs/:id/file']],
    ['apply for a filing', 'filing.apply', ['POST /api/filings', 'POST /api/filings/:id/submit']],
    ['recommend a filing', 'filing.review', ['POST /api/filings/:id/recommend']],
    ['file a filing', 'filing.file', ['POST /api/filings/:id/file']],
    ['decide competition rules', 'competition.decide', ['POST /api/competitions/:id/decision']],
    ['set competition caps', 'competition.cap.edit', ['PUT /api/competition-caps/:tier']],
    ['edit regions', 'region.edit', ['PATCH /api/regions/:code']],
    ['edit reference lists', 'reference.edit', ['POST /api/occupations', 'PATCH /api/one-plus-x/:id']],
    ['manage accounts', 'account.manage', ['POST /api/accounts', 'PATCH /api/accounts/:id']],
    [
      'claim subsidies',
      'subsidy.claim',
      [
        'POST /api/subsidies/claims/preview',
        'POST /api/subsidies/claims',
        'POST /api/subsidies/claims/:id/submit',
        'POST /api/subsidies/claims/:id/withdraw',
      ],
    ],
    ['review claims', 'subsidy.review', ['POST /api/subsidies/claims/:id/review']],
    ['approve and pay claims', 'subsidy.finance', ['POST /api/subsidies/claims/:id/finance']],
    ['reverse paid lines', 'subsidy.reverse', ['POST /api/subsidies/claims/:id/reversals']],
    ['record recoveries', 'subsidy.recover', ['POST /api/subsidies/reversals/:id/recoveries']],
    ['set subsidy rates', 'subsidy.rate.edit', ['POST /api/subsidy-rates', 'PATCH /api/subsidy-rates/:id']],
    ['set city funds', 'subsidy.fund.edit', ['PUT /api/subsidies/funds/:regionCode/:year']],
    ['set targets', 'target.edit', ['PUT /api/targets', 'POST /api/targets/import']],
    ['submit a monthly report', 'report.submit', ['POST /api/reports/submit']],
    ['enter report delays into credit', 'report.delay', ['POST /api/reports/delays']],
    [
      'import a graduating class',
      'graduates.import',
      ['POST /api/graduating-classes', 'GET /api/graduating-classes/template'],
    ],
    ['secure accounts', 'account.secure', ['POST /api/accounts/:id/unlock', 'POST /api/accounts/:id/reset-password']],
    [
      'apply for classes',
      'training.class.apply',
      [
        'POST /api/training/classes',
        'PUT /api/training/classes/:id',
        'POST /api/training/classes/check',
        'POST /api/training/classes/:id/steps',
      ],
    ],
    ['decide classes', 'training.class.decide', ['POST /api/training/classes/:id/decision']],
    [
      'manage trainees',
      'training.trainee.manage',
      [
        'POST /api/training/classes/:id/trainees',
        'POST /api/training/classes/:id/trainees/import',
        'GET /api/training/trainee-template',
        'POST /api/training/trainees/:id/withdraw',
      ],
    ],
    [
      'manage the provider catalogue',
      'training.provider.manage',
      [
        'POST /api/training/providers',
        'PUT /api/training/providers/:id/occupations',
        'POST /api/training/providers/:id/inspections',
        'POST /api/training/providers/:id/exit',
        'POST /api/training/providers/:id/relist',
      ],
    ],
    [
      'report trainers',
      'training.trainer.manage',
      ['POST /api/training/providers/:id/trainers', 'POST /api/training/trainers/:id/leave'],
    ],
    ['file cross-region training', 'training.filing.apply', ['POST /api/training/filings']],
    ['decide cross-region filings', 'training.filing.decide', ['POST /api/training/filings/:id/decision']],
  ];
  it('each page and each action button is offered only to roles the server admits, and to all of them', async () => {
    const routes = await serverRoutes();
    const actionOf = (key: string): Action | undefined => {
      const [method, url] = key.split(' ');
      const r = routes.find((x) => x.method === method && x.url === url);
      expect(r, `${key} is not a server route`).toBeDefined();
      return r!.access.action;
    };
    const rolesOf = (key: string): readonly Role[] => {
      const action = actionOf(key);
      return action ? ACCESS[action].roles : [];
    };
    for (const [page, endpoints] of Object.entries(PAGE_ENDPOINTS) as [PageKey, string[]][]) {
      // a page is offered by the action of the list it opens on
      expect(PAGE_ACTIONS[page], page).toBe(actionOf(endpoints[0]));
      for (const e of endpoints)
        for (const r of ROLES) if (canOpen(r, page)) expect(rolesOf(e), `${r} → ${page} → ${e}`).toContain(r);
    }
    for (const [name, action, endpoints] of ACTIONS) {
      for (const e of endpoints) {
        const server = rolesOf(e);
        expect(actionOf(e), `${name} → ${e}`).toBe(action);
        // no button the server refuses, and no server permission left without its button
        expect(ROLES.filter(who(action)).sort(), `${name} → ${e}`).toEqual([...server].sort());
      }
    }
  }, 90_000);
});

describe('the menu offers no page the server forbids', () => {
  it('each page key maps onto the server readers of its endpoint', () => {
    for (const [page, action] of Object.entries(PAGE_ACTIONS) as [PageKey, Action][]) {
      expect(ACCESS[action].roles.length, page).toBeGreaterThan(0);
      for (const r of ROLES) if (canOpen(r, page)) expect(ACCESS[action].roles, `${r} → ${page}`).toContain(r);
    }
  });
});
