/**
 * `npm run test:cluster`: the fault test of province mode (scripts/cluster/topology.ts). Under a
 * steady, modest load through HAProxy — public verification (~40/s), certificate issuance
 * (process-based, CERT-4, ~5/s, each retried on 503 or a lost connection with the same person, so
 * a retry is idempotent: it issues or is refused as CERTIFICATE_DUPLICATE) and a signed-in session
 * polling `/api/auth/me` — it SIGKILLs the PostgreSQL primary (pg_autoctl and PostgreSQL), waits
 * for the failover, brings the old primary back, then SIGKILLs one app server and brings it back.
 *
 * Pass: the standby took over; every issuance acknowledged to the client (201) exists afterwards
 * and no certificate number (nor person, occupation and level) is there twice; verification
 * failed only within the switchover window (kill → writable through HAProxy, plus a second) and
 * the app server's death (its requests in flight), and before the kill it read from the standby
 * (DATABASE_READ_URL: the app servers' connections are seen on the standby node; once the standby
 * is promoted and until the old primary rejoins as standby, verification reads from the primary); no session was lost; the old primary rejoined
 * as standby. Prints a table per phase, the switchover time, the errors in it and requests served.
 * Exit code 1 on a failed check. Options: `--keep` keeps the temp folder (logs), `--base-port P`.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { residentIdCheckChar } from '../server/src/lib/identity.js';
import { graduatingClassOn } from '../contract/school-year.js';
import { startCluster, type Cluster } from './cluster/topology.js';

const { values } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    'base-port': { type: 'string' },
    'verify-rate': { type: 'string', default: '40' },
    issuers: { type: 'string', default: '5' },
  },
});
const VERIFY_PER_SECOND = Number(values['verify-rate']);
const ISSUERS = Number(values.issuers);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const at = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
const say = (s: string) => console.log(`${at()}s  ${s}`);

type Kind = 'verify' | 'issue' | 'session';
interface Sample {
  kind: Kind;
  start: number;
  end: number;
  /** HTTP status, 0: no answer (connection lost, timeout) */
  status: number;
}

const samples: Sample[] = [];
let running = true;

async function request(kind: Kind, url: string, init: RequestInit = {}) {
  const start = Date.now();
  let status = 0;
  let body: unknown = null;
  let retryAfter = 0;
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    status = r.status;
    retryAfter = Number(r.headers.get('retry-after') ?? 0);
    const text = await r.text();
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  } catch {
    status = 0;
  }
  samples.push({ kind, start, end: Date.now(), status });
  return { status, body: body as Record<string, any>, retryAfter };
}

/** Connections of the app servers (application_name skillcert) on one PostgreSQL node, asked directly. */
async function backendsOn(port: number): Promise<number> {
  const q = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    connectionTimeoutMillis: 3000,
  });
  q.on('error', () => undefined);
  try {
    await q.connect();
    return (
      await q.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where application_name = 'skillcert'",
      )
    ).rows[0].n;
  } catch {
    return -1;
  } finally {
    await q.end().catch(() => undefined);
  }
}

/** A resident ID number (GB 11643) per issuance: 东城区, born in 2004, a running sequence. */
function personOf(n: number) {
  const day = new Date(Date.UTC(2004, 0, 1) + Math.floor(n / 900) * 86_400_000);
  const ymd = day.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110101${ymd}${String(100 + (n % 900)).padStart(3, '0')}`;
  const digits = '〇一二三四五六七八九';
  return {
    name: `集群${String(n)
      .split('')
      .map((d) => digits[Number(d)])
      .join('')}`,
    idNumber: first17 + residentIdCheckChar(first17),
  };
}

interface IssueOutcome {
  person: number;
  /** the number acknowledged by a 201, or null */
  number: string | null;
  /** attempts that got no answer or a 5xx before the final one */
  retries: number;
  /** final answer: 'acked', 'duplicate' (an earlier attempt had committed), or the error code */
  result: string;
}

async function main() {
  let cluster: Cluster | null = null;
  let failed = false;
  try {
    cluster = await startCluster({
      apps: 3,
      ...(values['base-port'] ? { basePort: Number(values['base-port']) } : {}),
      appEnv: {
        // one load generator from one address: the public limits are not under test here
        VERIFY_LIMIT_PER_CLIENT: '1000000',
        VERIFY_LIMIT_PER_IDENTITY: '1000000',
        // the demo institution administrator signs in with a password only
        SECOND_FACTOR_ROLES: 'none',
        // a killed server's claims on credentials are taken over within the test
        CREDENTIAL_LEASE_SECONDS: '15',
      },
      log: say,
    });
    const c = cluster;
    const db = new pg.Pool({ connectionString: c.databaseUrl, max: 2, connectionTimeoutMillis: 3000 });
    db.on('error', () => undefined);
    const targets = (
      await db.query<{ number: string; holder_name: string }>(
        'select number, holder_name from certificates order by id limit 50',
      )
    ).rows;
    const occupationId = (await db.query<{ id: number }>("select id from occupations where code = '6-31-01-03'"))
      .rows[0].id;
    await db.end();
    if (!targets.length) throw new Error('演示数据中没有证书');

    const login = await fetch(`${c.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'school-admin', password: 'Skill@2026' }),
    });
    const cookie = (login.headers.getSetCookie().find((x) => x.startsWith('sc_session=')) ?? '').split(';')[0];
    if (login.status !== 200 || !cookie) throw new Error(`登录失败：${login.status} ${await login.text()}`);

    // ---- the load
    say(`负载：核验 ${VERIFY_PER_SECOND}/s，发证 ${ISSUERS} 路（每路约 1/s），会话每 0.5 s 一次`);
    const inFlight = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>) => {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    let vi = 0;
    const verifier = setInterval(() => {
      const t = targets[vi++ % targets.length];
      track(
        request(
          'verify',
          `${c.url}/api/public/verify?number=${encodeURIComponent(t.number)}&name=${encodeURIComponent(t.holder_name)}`,
        ),
      );
    }, 1000 / VERIFY_PER_SECOND);
    const sessionProbe = setInterval(() => {
      track(request('session', `${c.url}/api/auth/me`, { headers: { cookie } }));
    }, 500);
    const outcomes: IssueOutcome[] = [];
    let next = 0;
    const graduationYear = graduatingClassOn(new Date());
    const issuer = async () => {
      while (running) {
        const n = next++;
        const body = JSON.stringify({
          ...personOf(n),
          studentType: 'junior_college',
          graduationYear,
          inSchool: true,
          occupationId,
          courses: [
            { name: '电工基础', score: 82 },
            { name: '电气控制', score: 75 },
          ],
          skillAssessment: { score: 80 },
        });
        let retries = 0;
        for (;;) {
          const r = await request('issue', `${c.url}/api/pathways/process`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body,
          });
          if (r.status === 201) {
            outcomes.push({ person: n, number: r.body.number, retries, result: 'acked' });
            break;
          }
          const code = r.body?.error?.code;
          if (r.status === 0 || r.status >= 500) {
            retries++;
            // the same person again: it issues, or finds the certificate an unanswered attempt issued
            await sleep(Math.min(1000, (r.retryAfter || 0.5) * 1000));
            continue;
          }
          outcomes.push({
            person: n,
            number: null,
            retries,
            result: code === 'CERTIFICATE_DUPLICATE' && retries > 0 ? 'duplicate' : `${r.status} ${code}`,
          });
          break;
        }
        await sleep(1000);
      }
    };
    const issuers = Array.from({ length: ISSUERS }, () => issuer());

    // ---- the faults
    const marks: Record<string, number> = { load: Date.now() };
    await sleep(8000);
    const oldPrimary = await c.primaryIndex();
    if (oldPrimary < 0) throw new Error('monitor 报告没有主库');
    // the app servers' reads that tolerate staleness (verification) go to the standby (DATABASE_READ_URL)
    const standbyReaders = await backendsOn(c.ports.nodes[1 - oldPrimary]);
    say(`备库 node${2 - oldPrimary} 上应用服务器的只读连接：${standbyReaders}`);
    say(`SIGKILL 主库 node${oldPrimary + 1}（pg_autoctl 与 PostgreSQL）`);
    marks.kill = Date.now();
    c.killNode(oldPrimary);
    // writable again through HAProxy: what the app servers see
    const probe = async () => {
      const cl = new pg.Client({ connectionString: c.databaseUrl, connectionTimeoutMillis: 1000 });
      cl.on('error', () => undefined);
      try {
        await cl.connect();
        const r = await cl.query<{ w: boolean }>(
          "select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off' as w",
        );
        return r.rows[0].w;
      } catch {
        return false;
      } finally {
        await cl.end().catch(() => undefined);
      }
    };
    for (;;) {
      const p = await c.primaryIndex().catch(() => -1);
      if (p >= 0 && p !== oldPrimary && (await probe())) break;
      if (Date.now() - marks.kill > 120_000) throw new Error('切换未在 120 秒内完成');
      await sleep(200);
    }
    marks.writable = Date.now();
    const newPrimary = await c.primaryIndex();
    say(
      `node${newPrimary + 1} 已是可写主库（经 HAProxy），切换用时 ${((marks.writable - marks.kill) / 1000).toFixed(1)} s`,
    );
    await sleep(3000);
    say(`重启旧主库 node${oldPrimary + 1}`);
    marks.restart = Date.now();
    await c.startNode(oldPrimary);
    await c.waitHealthy(120_000);
    marks.rejoined = Date.now();
    const states = await c.nodeStates();
    const rejoinedAs = states.find((s) => s.name === `node${oldPrimary + 1}`)?.reportedState ?? '?';
    say(
      `node${oldPrimary + 1} 已作为 ${rejoinedAs} 重新加入，用时 ${((marks.rejoined - marks.restart) / 1000).toFixed(1)} s`,
    );
    await sleep(4000);
    // kill it while it signs a credential: a server holds one claim at a time, so three open
    // claims mean app1 holds one too; they are short, so after 15 s two will do (the signers may
    // still be backing off after the failover: at most 45 s)
    const openClaims = async (before?: number) => {
      const q = new pg.Client({ connectionString: c.databaseUrl, connectionTimeoutMillis: 3000 });
      q.on('error', () => undefined);
      try {
        await q.connect();
        return (
          await q.query<{ id: number }>(
            'select certificate_id as id from certificate_credentials where credential_json is null and claimed_at <= $1',
            [new Date(before ?? Date.now() + 3_600_000).toISOString()],
          )
        ).rows.map((r) => r.id);
      } catch {
        return [] as number[];
      } finally {
        await q.end().catch(() => undefined);
      }
    };
    const claimWait = Date.now();
    for (;;) {
      const n = (await openClaims()).length;
      const waited = Date.now() - claimWait;
      if (n >= 3 || (n >= 2 && waited > 15_000) || waited > 45_000) break;
      await sleep(50);
    }
    say('SIGKILL 应用服务器 app1');
    marks.appKill = Date.now();
    c.killApp(0);
    // the dead server's claims: made before the kill and still open 3 s later (the others sign
    // one in well under a second)
    await sleep(3000);
    const claimsAtKill = await openClaims(marks.appKill);
    await sleep(5000);
    say('重启 app1');
    await c.startApp(0);
    marks.appBack = Date.now();
    say('app1 已就绪');
    await sleep(5000);
    running = false;
    clearInterval(verifier);
    clearInterval(sessionProbe);
    await Promise.all(issuers);
    await Promise.all(inFlight);
    marks.end = Date.now();
    const memory = c.appMemoryMiB();

    // ---- what the database holds
    const check = new pg.Pool({ connectionString: c.databaseUrl, max: 2, connectionTimeoutMillis: 3000 });
    check.on('error', () => undefined);
    const acked = outcomes.filter((o) => o.number).map((o) => o.number!);
    const present = new Set(
      (
        await check.query<{ number: string }>('select number from certificates where number = any($1)', [acked])
      ).rows.map((r) => r.number),
    );
    const missing = acked.filter((n) => !present.has(n));
    const dupNumbers = Number(
      (
        await check.query<{ n: number }>(
          'select count(*) as n from (select number from certificates group by number having count(*) > 1) d',
        )
      ).rows[0].n,
    );
    const dupPersons = Number(
      (
        await check.query<{ n: number }>(
          `select count(*) as n from (select 1 from certificates where holder_name like '集群%'
            group by holder_id_number_hash, occupation_id, level having count(*) > 1) d`,
        )
      ).rows[0].n,
    );
    const issuedInDb = Number(
      (await check.query<{ n: number }>("select count(*) as n from certificates where holder_name like '集群%'"))
        .rows[0].n,
    );
    // credentials: the claims open when app1 was killed are taken over once their lease (15 s)
    // ran out and signed; no claim older than the lease is left unfinished (the servers sign the
    // demo data's backlog meanwhile, in id order)
    const unsignedOf = async (ids: number[]) =>
      Number(
        (
          await check.query<{ n: number }>(
            'select count(*) as n from certificate_credentials where certificate_id = any($1) and credential_json is null',
            [ids],
          )
        ).rows[0].n,
      );
    const signWait = Date.now();
    while ((await unsignedOf(claimsAtKill)) > 0 && Date.now() - signWait < 60_000) await sleep(1000);
    const claimsLeft = await unsignedOf(claimsAtKill);
    const staleClaims = Number(
      (
        await check.query<{ n: number }>(
          'select count(*) as n from certificate_credentials where credential_json is null and claimed_at < $1',
          [new Date(Date.now() - 20_000).toISOString()],
        )
      ).rows[0].n,
    );
    const credentials = (
      await check.query<{ signed: number; pending: number }>(
        `select count(cc.credential_json) as signed, count(*) - count(cc.credential_json) as pending
          from certificates c left join certificate_credentials cc on cc.certificate_id = c.id`,
      )
    ).rows[0];
    await check.end();
    const ackedTwice = acked.length - new Set(acked).size;

    // ---- the table
    const phases: [string, number, number][] = [
      ['稳定负载', marks.load, marks.kill],
      ['主库切换（SIGKILL → 经 HAProxy 可写）', marks.kill, marks.writable],
      ['单库运行，旧主库重启并重新加入', marks.writable, marks.rejoined],
      ['主备齐全', marks.rejoined, marks.appKill],
      ['应用服务器 app1 被杀至重启就绪', marks.appKill, marks.appBack],
      ['恢复后', marks.appBack, marks.end + 1],
    ];
    const cell = (kind: Kind, from: number, to: number) => {
      const xs = samples.filter((s) => s.kind === kind && s.start >= from && s.start < to);
      const ok = xs.filter((s) => s.status >= 200 && s.status < 300).length;
      return `${ok}/${xs.length - ok}`;
    };
    console.log(
      '\n阶段                                     时长(s)  核验 成功/失败  发证请求 成功/失败  会话 成功/失败',
    );
    for (const [name, from, to] of phases)
      console.log(
        `${name.padEnd(36 - [...name].filter((ch) => ch.charCodeAt(0) > 0x2e80).length)}${((to - from) / 1000)
          .toFixed(1)
          .padStart(8)}  ${cell('verify', from, to).padStart(14)}  ${cell('issue', from, to).padStart(18)}  ${cell(
          'session',
          from,
          to,
        ).padStart(14)}`,
      );

    // errors of verification, by window: the switchover (plus a second for the pools), the app server's death
    const isErr = (s: Sample) => !(s.status >= 200 && s.status < 300);
    const inWindow = (s: Sample, from: number, to: number) => s.end >= from && s.start <= to;
    const switchWindow: [number, number] = [marks.kill, marks.writable + 1000];
    const appWindow: [number, number] = [marks.appKill, marks.appKill + 3000];
    const verifyErrors = samples.filter((s) => s.kind === 'verify' && isErr(s));
    const inSwitch = verifyErrors.filter((s) => inWindow(s, ...switchWindow));
    const inApp = verifyErrors.filter((s) => !inWindow(s, ...switchWindow) && inWindow(s, ...appWindow));
    const outside = verifyErrors.filter((s) => !inWindow(s, ...switchWindow) && !inWindow(s, ...appWindow));
    const span = (xs: Sample[]) =>
      xs.length
        ? `${((Math.max(...xs.map((s) => s.end)) - Math.min(...xs.map((s) => s.start))) / 1000).toFixed(1)} s`
        : '0 s';
    const statuses = (xs: Sample[]) => {
      const m = new Map<number, number>();
      for (const s of xs) m.set(s.status, (m.get(s.status) ?? 0) + 1);
      return [...m].map(([k, v]) => `${k === 0 ? '无应答' : k}×${v}`).join(' ') || '—';
    };
    const firstAckAfterKill = samples
      .filter((s) => s.kind === 'issue' && s.status === 201 && s.start >= marks.kill)
      .map((s) => s.end)
      .sort((a, b) => a - b)[0];
    const sessionsLost = samples.filter((s) => s.kind === 'session' && s.status === 401).length;
    const sessionAfterApp = samples.some(
      (s) => s.kind === 'session' && s.status === 200 && s.start > marks.appKill + 3000,
    );
    const served = samples.filter((s) => !isErr(s)).length;
    const retried = outcomes.filter((o) => o.retries > 0);

    console.log(`
切换时间（SIGKILL 主库 → 经 HAProxy 可写）：${((marks.writable - marks.kill) / 1000).toFixed(1)} s；SIGKILL → 第一张发证确认：${
      firstAckAfterKill ? ((firstAckAfterKill - marks.kill) / 1000).toFixed(1) : '—'
    } s
切换期间核验失败：${inSwitch.length} 次，跨 ${span(inSwitch)}（${statuses(inSwitch)}）
app1 被杀时核验失败：${inApp.length} 次（${statuses(inApp)}）；窗口外核验失败：${outside.length} 次（${statuses(outside)}）
旧主库重新加入：${rejoinedAs}，重启后 ${((marks.rejoined - marks.restart) / 1000).toFixed(1)} s
共服务请求：${served}（核验 ${samples.filter((s) => s.kind === 'verify' && !isErr(s)).length}，发证 ${
      samples.filter((s) => s.kind === 'issue' && s.status === 201).length
    }，会话 ${samples.filter((s) => s.kind === 'session' && !isErr(s)).length}），失败 ${samples.length - served}
发证：确认 ${acked.length}，经重试 ${retried.length} 人（重试 ${retried.reduce((a, o) => a + o.retries, 0)} 次），其中先前尝试已生效（重试答复重复）${
      outcomes.filter((o) => o.result === 'duplicate').length
    }，其他拒绝 ${outcomes.filter((o) => o.result !== 'acked' && o.result !== 'duplicate').length}；库中本测试证书 ${issuedInDb}
确认后缺失：${missing.length}；重复证书编号：${dupNumbers}（确认中重复 ${ackedTwice}）；同人同职业同等级重复：${dupPersons}
会话丢失（401）：${sessionsLost}
数字凭证：app1 死时持有的认领 ${claimsAtKill.length} 个（${claimsAtKill.join(', ') || '—'}），之后未签发 ${claimsLeft}；超过租期仍未完成的认领 ${staleClaims}；已签发 ${credentials.signed}，待签发 ${credentials.pending}
应用服务器内存（MiB）：${memory.join(' / ')}`);
    const issueErrorsOutside = samples.filter(
      (s) => s.kind === 'issue' && isErr(s) && !inWindow(s, ...switchWindow) && !inWindow(s, ...appWindow),
    );
    console.log(
      `切换窗口外的发证请求失败（已重试）：${issueErrorsOutside.length} 次（${statuses(issueErrorsOutside)}）`,
    );
    const other = outcomes.filter((o) => o.result !== 'acked' && o.result !== 'duplicate');
    if (other.length) console.log(`其他拒绝：${[...new Set(other.map((o) => o.result))].join('，')}`);

    const checks: [string, boolean][] = [
      ['备库接管为主库', newPrimary >= 0 && newPrimary !== oldPrimary],
      ['切换前核验从备库读取', standbyReaders > 0],
      ['切换后恢复发证', acked.length > 0 && !!firstAckAfterKill],
      ['每张已确认的证书都在库中', missing.length === 0],
      ['无重复证书编号', dupNumbers === 0 && ackedTwice === 0],
      ['无同人同职业同等级的重复证书', dupPersons === 0],
      ['核验失败只在切换窗口与应用服务器被杀时', outside.length === 0],
      ['会话未丢失（会话在数据库中）', sessionsLost === 0 && sessionAfterApp],
      ['旧主库作为备库重新加入', rejoinedAs === 'secondary'],
      ['被杀服务器的凭证认领在租期后被接手并签发', claimsLeft === 0 && staleClaims === 0],
      ['除重复外无其他拒绝', other.length === 0],
    ];
    console.log('');
    for (const [name, ok] of checks) console.log(`${ok ? '✓' : '✗'} ${name}`);
    failed = checks.some(([, ok]) => !ok);
  } catch (e) {
    failed = true;
    console.error(`\n集群测试失败：${e instanceof Error ? e.message : String(e)}`);
  } finally {
    running = false;
    if (cluster) {
      say(`停止集群${values.keep || failed ? `（保留 ${cluster.dir}）` : ''}`);
      await cluster.stop({ keep: values.keep || failed });
    }
  }
  say(failed ? '未通过' : '通过');
  process.exit(failed ? 1 : 0);
}

await main();
