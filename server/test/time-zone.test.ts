/**
 * Business dates are dates in China Standard Time (issue 10 item 11), whatever the server's TZ:
 * the same scenarios run with the process in UTC, in New York and in Shanghai (Node applies a
 * change of `process.env.TZ` at once) and must give the same answers.
 * The test clock is moved to instants given with their +08:00 offset (Beijing time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, loginAs, multipart, TEST_DB, type TestPlatform } from './harness.js';
import { residentIdCheckChar } from '../src/lib/identity.js';
import { isWorkday } from '../src/lib/workdays.js';
import { demoPdf, seedDemo } from '../src/seed/demo.js';
import { parseCertificateNumber } from '../src/modules/certificates/certificate-number.js';

type M = 'GET' | 'POST';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
const DEADLINE_NOTICE = '年度取证任务须于 11 月 30 日前完成';

const SERVER_ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai'] as const;

describe.each(SERVER_ZONES)(`time zone: business dates in China Standard Time, server TZ=%s (${TEST_DB})`, (zone) => {
  let p: TestPlatform;
  const originalTz = process.env.TZ;
  const cookies = new Map<string, string>();
  /** moves the test clock; the sessions of the old time are dropped */
  const at = (beijing: string) => {
    p.clock.set(beijing);
    cookies.clear();
  };
  const as = async (user: string, method: M, url: string, payload?: object) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };

  /** Records a 1+X holding as the school's form sends it: text fields, then the certificate's scan (CERT-3). */
  const recordHolding = async (user: string, fields: Record<string, string | number | boolean>) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const form = multipart(fields, [{ name: 'x.pdf', content: demoPdf('1+X certificate'), type: 'application/pdf' }]);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/pathways/one-plus-x/holdings',
      headers: { cookie: cookies.get(user)!, 'content-type': form.contentType },
      payload: form.payload,
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  beforeAll(async () => {
    process.env.TZ = zone;
    // the zone took effect: local midnight of 1 January 2027 is at this zone's offset
    const offset = { UTC: 0, 'America/New_York': 300, 'Asia/Shanghai': -480 }[zone];
    expect(new Date(2027, 0, 1).getTimezoneOffset()).toBe(offset);
    p = await createTestPlatform();
  });
  afterAll(async () => {
    await p?.close();
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('CERT-7: a certificate issued at 07:30 Beijing time on 1 January 2027 is dated 2027-01-01 and its number carries year "27"', async () => {
    at('2027-01-01T07:30:00+08:00');
    expect(p.clock.now().toISOString()).toBe('2026-12-31T23:30:00.000Z');
    const x = await p.deps.db
      .selectFrom('one_plus_x_certificates')
      .select(['id', 'mapped_occupation_id'])
      .where('name', '=', '特殊焊接技术')
      .executeTakeFirstOrThrow();
    const h = await recordHolding('school-admin', {
      name: '时区甲',
      idNumber: id18('41010520040101771'),
      studentType: 'junior_college',
      graduationYear: 2027,
      inSchool: true,
      certificateId: x.id,
      xLevel: 'intermediate',
      number: 'X-2026-0771',
      issuedOn: '2026-06-01',
    });
    expect(h.status, JSON.stringify(h.body)).toBe(201);
    const r = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: h.body.id,
      occupationId: x.mapped_occupation_id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.number.slice(13, 15)).toBe('27');
    expect(parseCertificateNumber(r.body.number)!.year).toBe(2027);
    const cert = await p.deps.db
      .selectFrom('certificates')
      .select(['issued_on'])
      .where('number', '=', r.body.number)
      .executeTakeFirstOrThrow();
    expect(cert.issued_on).toBe('2027-01-01');
  });

  it('time zone: results published at 07:00 and at 10:00 Beijing time on the same day end their 5-working-day publicity on the same working day', async () => {
    const plan = await p.deps.db
      .selectFrom('evaluation_plans')
      .select('id')
      .where('status', '=', 'results_published')
      .executeTakeFirstOrThrow();
    const publishAt = async (beijing: string) => {
      // back to "scores confirmed, not yet in public" (the demo plan has every score confirmed)
      await p.deps.db
        .updateTable('evaluation_plans')
        .set({ status: 'published', publicity_until: null, results_published_at: null })
        .where('id', '=', plan.id)
        .execute();
      at(beijing);
      const r = await as('school-admin', 'POST', `/api/plans/${plan.id}/results/publish`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.publicityUntil as string;
    };
    // Wednesday 9 December 2026: at 07:00 in Beijing it is still Tuesday in UTC
    const early = await publishAt('2026-12-09T07:00:00+08:00');
    const late = await publishAt('2026-12-09T10:00:00+08:00');
    expect(early).toBe(late);
    expect(late).toBe('2026-12-16'); // Thu 10, Fri 11, Mon 14, Tue 15, Wed 16
    expect(isWorkday(late)).toBe(true);
  });

  it('TGT-2: the "due by 30 November" notice shows on 30 November and not on 1 December, at 07:00 Beijing time', async () => {
    at('2026-11-30T07:00:00+08:00');
    expect((await as('city-admin', 'GET', '/api/home')).body.notices.join('\n')).toContain(DEADLINE_NOTICE);
    at('2026-12-01T07:00:00+08:00');
    expect((await as('city-admin', 'GET', '/api/home')).body.notices.join('\n')).not.toContain(DEADLINE_NOTICE);
  });
});

describe(`time zone: the demo data's dates (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ demo: false });
  });
  afterAll(async () => p?.close());

  it('time zone: the demo plan in public ends its 5-working-day publicity on a working day', async () => {
    // Tuesday 1 December 2026, 10:00 in Beijing: five calendar days on is a Sunday
    await seedDemo(p.deps.db, p.deps.config, 'Asia/Shanghai', new Date('2026-12-01T10:00:00+08:00').toISOString());
    const plan = await p.deps.db
      .selectFrom('evaluation_plans')
      .select(['publicity_until', 'results_published_at'])
      .where('status', '=', 'results_published')
      .executeTakeFirstOrThrow();
    expect(plan.publicity_until).not.toBeNull();
    expect(isWorkday(plan.publicity_until!)).toBe(true);
    expect(plan.publicity_until! > '2026-12-01').toBe(true); // still in public "now"
  });
});
