/**
 * Public certificate verification page: a light bundle of its own (plain DOM, no React or Ant
 * Design). The markup is in verify.html; this wires the form, runs the QR check for
 * /v/<number>?c=<code>, and draws the verdict, the named checks and the masked details.
 */
import './verify.css';
import { verify, type Answer, type Cert, type Check, type Outcome } from './api';
import { LEVELS_EN, REASONS_EN, lang, setLang, t, type Lang } from './i18n';
import { checkIdNumber, checkName, checkNumber, tidy, type Problem } from './validate';
import { VERIFY_CODE_MAX_LENGTH, VERIFY_CODE_MIN_LENGTH } from '../../../contract/limits.js';
import { occupationWithWorkType } from '../../../contract/certificate-wording.js';

type Kid = Node | string | null | false | undefined;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
function h(tag: string, attrs?: Record<string, string> | null, ...kids: Kid[]): HTMLElement {
  const el = document.createElement(tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  for (const c of kids) if (c) el.append(c);
  return el;
}

const form = $<HTMLFormElement>('form');
const go = $<HTMLButtonElement>('go');
const result = $('result');
const live = $('live');
const more = $('more');
const tabs = [$('tab-num'), $('tab-id')];

const FIELDS = { number: checkNumber, idNumber: checkIdNumber, name: checkName };
type Field = keyof typeof FIELDS;
const input = (f: Field) => $<HTMLInputElement>(f);
const problems: Partial<Record<Field, Problem>> = {};

let mode: 'num' | 'id' = 'num';
let busy = false;
let last: { outcome: Outcome; qr: boolean } | null = null;
let lastQuery: { q: Record<string, string>; qr: boolean } | null = null;

/* ---------- language ---------- */

function applyLang() {
  const root = document.documentElement;
  root.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  document.querySelectorAll<HTMLElement>('[data-t]').forEach((el) => (el.textContent = t(el.dataset.t!)));
  document.querySelectorAll<HTMLElement>('[data-ta]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.ta!)));
  document
    .querySelectorAll<HTMLElement>('[data-lang]')
    .forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang)));
  if (busy) {
    go.textContent = t('busy');
    showWaiting(waiting);
  }
  for (const f in problems) showProblem(f as Field, problems[f as Field]!);
  render();
}

document.querySelectorAll<HTMLElement>('[data-lang]').forEach((b) =>
  b.addEventListener('click', () => {
    if (b.dataset.lang === lang) return;
    setLang(b.dataset.lang as Lang);
    applyLang();
  }),
);

/* ---------- tabs ---------- */

function select(m: 'num' | 'id', focus = false) {
  mode = m;
  tabs.forEach((tab, i) => {
    const on = (i === 0) === (m === 'num');
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on && focus) tab.focus();
  });
  form.setAttribute('aria-labelledby', m === 'num' ? 'tab-num' : 'tab-id');
  $('f-number').hidden = m !== 'num';
  $('f-idNumber').hidden = m === 'num';
}
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => select(i === 0 ? 'num' : 'id'));
  tab.addEventListener('keydown', (e) => {
    const k = e.key;
    if (k === 'ArrowLeft' || k === 'ArrowRight' || k === 'Home' || k === 'End') {
      e.preventDefault();
      select(k === 'Home' ? 'num' : k === 'End' ? 'id' : mode === 'num' ? 'id' : 'num', true);
    }
  });
});

/* ---------- form ---------- */

function showProblem(f: Field, p: Problem) {
  problems[f] = p;
  if (!p) delete problems[f];
  input(f).setAttribute('aria-invalid', String(!!p));
  $(f + '-err').textContent = p ? t(p[0], p[1]) : '';
}

for (const f of Object.keys(FIELDS) as Field[]) {
  const el = input(f);
  // once a message shows, it follows the typing and goes away when the value is right
  el.addEventListener('input', () => {
    if (problems[f]) showProblem(f, FIELDS[f](el.value));
  });
  if (f !== 'name') el.addEventListener('blur', () => el.value && (el.value = tidy(el.value)));
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (busy) return;
  const fields: Field[] = mode === 'num' ? ['number', 'name'] : ['idNumber', 'name'];
  let first: HTMLInputElement | null = null;
  for (const f of fields) {
    const p = FIELDS[f](input(f).value);
    showProblem(f, p);
    if (p && !first) first = input(f);
  }
  if (first) return first.focus();
  const q: Record<string, string> = { name: input('name').value.trim() };
  q[fields[0]] = tidy(input(fields[0]).value);
  run(q, false);
});

/** What the page is waiting for: the answer, or the proof-of-work the server asked for first. */
let waiting: 'loading' | 'pow' = 'loading';
function showWaiting(w: typeof waiting) {
  waiting = w;
  const spin = h('span', { class: 'spin', 'aria-hidden': 'true' });
  live.replaceChildren(
    w === 'pow'
      ? h(
          'div',
          { class: 'loading', 'data-waiting': w },
          spin,
          h('div', null, h('p', { class: 'pow-title' }, t('powBusy')), h('p', { class: 'pow-why' }, t('powWhy'))),
        )
      : h('p', { class: 'loading', 'data-waiting': w }, spin, t('loading')),
  );
}

/** Asks; when the server wants a proof-of-work first (a few look-ups by ID number + name later), solves it and asks again. */
async function ask(q: Record<string, string>): Promise<Outcome> {
  let reply = await verify(q);
  for (let tries = 0; !reply.ok && reply.kind === 'challenge' && tries < 3; tries++) {
    showWaiting('pow');
    const { solve } = await import('./pow');
    const solved = await solve(reply.challenge);
    if (!solved.ok) return { ok: false, kind: solved.kind };
    showWaiting('loading');
    reply = await verify({ ...q, altcha: solved.payload });
  }
  return !reply.ok && reply.kind === 'challenge' ? { ok: false, kind: 'errPow' } : reply;
}

async function run(q: Record<string, string>, qr: boolean) {
  lastQuery = { q, qr };
  busy = true;
  go.disabled = true;
  go.textContent = t('busy');
  result.setAttribute('aria-busy', 'true');
  last = null;
  showWaiting('loading');
  more.replaceChildren();
  const outcome = await ask(q).catch((): Outcome => ({ ok: false, kind: 'errPow' }));
  busy = false;
  go.disabled = false;
  go.textContent = t('submit');
  result.setAttribute('aria-busy', 'false');
  last = { outcome, qr };
  render();
  if (!qr) {
    const top = result.getBoundingClientRect().top;
    if (top < 0 || top > innerHeight * 0.6)
      result.scrollIntoView({
        block: 'start',
        behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      });
  }
}

/* ---------- the result ---------- */

const pad = (n: number) => String(n).padStart(2, '0');
const when = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
const ICON: Record<string, string> = {
  valid: '✓',
  revoked: '✕',
  suspended: '!',
  invalid: '!',
  not_found: '?',
  multi: '≡',
  error: '!',
};

function band(kind: string, title: string, text: string, extra?: Kid) {
  return h(
    'div',
    { class: 'band b-' + kind, 'data-result': kind },
    h('span', { class: 'b-icon', 'aria-hidden': 'true' }, ICON[kind]),
    h('div', null, h('h2', { class: 'b-title' }, title), h('p', { class: 'b-text' }, text), extra),
  );
}

function reasonText(r: string) {
  const zh = r.replace(/（[A-Z]+-\d+）/g, '');
  return lang === 'en' ? (REASONS_EN[zh] ?? zh) : zh;
}

function checkList(checks: Check[], title: string) {
  return h(
    'section',
    { class: 'card', 'aria-label': title },
    h('h3', null, title),
    h(
      'ul',
      { class: 'checks' },
      ...checks.map((c) =>
        h(
          'li',
          { class: c.passed ? 'ok' : 'bad', 'data-check': c.key, 'data-passed': String(c.passed) },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, c.passed ? '✓' : '✕'),
          h('span', { class: 'sr' }, t(c.passed ? 'passed' : 'failed') + '：'),
          h(
            'span',
            { class: 'c-body' },
            h('span', { class: 'c-label' }, lang === 'en' ? c.labelEn : c.label),
            c.reason && h('span', { class: 'c-reason' }, reasonText(c.reason)),
          ),
        ),
      ),
    ),
  );
}

function details(c: Cert, head?: Kid) {
  const en = lang === 'en';
  const occ = occupationWithWorkType(c.occupation, c.workType);
  const rows: [string, string, string?][] = [
    ['dNum', c.number, 'mono'],
    ['dName', c.holderName],
    ['dId', c.holderIdNumber, 'mono'],
    ['dOcc', occ],
    ['dLevel', en ? (LEVELS_EN[c.level] ?? c.levelLabel) : c.levelLabel],
    ['dInst', c.institutionName],
    ['dFiling', c.filingNo, 'mono'],
    ['dIssued', c.issuedOn],
    ['dStatus', en ? t('r_' + c.status) : c.statusLabel, 'st st-' + c.status],
  ];
  return h(
    'section',
    { class: 'card cert', 'data-number': c.number },
    head || h('h3', null, t('details')),
    h('dl', null, ...rows.flatMap(([k, v, cls]) => [h('dt', null, t(k)), h('dd', cls ? { class: cls } : null, v)])),
    h('p', { class: 'note' }, t('masked')),
  );
}

function render() {
  if (!last) return;
  const { outcome: o, qr } = last;
  if (!o.ok) {
    const msg = lang === 'zh' && o.message ? o.message : t(o.kind);
    live.replaceChildren(
      band(
        'error',
        msg,
        '',
        o.kind !== 'errBad' &&
          o.kind !== 'errPowUnsupported' &&
          lastQuery &&
          h('button', { type: 'button', class: 'retry', id: 'retry' }, t('retry')),
      ),
    );
    more.replaceChildren();
    $('retry')?.addEventListener('click', () => lastQuery && run(lastQuery.q, lastQuery.qr));
    return;
  }
  const d: Answer = o.data;
  const certs: Cert[] = d.certificates.length ? d.certificates : d.certificate ? [d.certificate] : [];
  const meta = h('p', { class: 'meta' }, `${t('at')} ${when(o.at)}`, qr && ` · ${t('viaQr')}`);
  const many = d.result !== 'not_found' && certs.length > 1;
  if (many) {
    const counts = new Map<string, number>();
    for (const c of certs) counts.set(c.result ?? c.status, (counts.get(c.result ?? c.status) ?? 0) + 1);
    const sum = [...counts].map(([r, n]) => t('count', n, t('r_' + r).toLowerCase())).join(' · ');
    live.replaceChildren(band('multi', t('multi', certs.length), sum), meta);
  } else if (d.result === 'not_found') {
    live.replaceChildren(
      band(
        'not_found',
        t('r_not_found'),
        t(qr ? 't_not_found_qr' : 't_not_found'),
        h('span', { class: 'b-tip' }, t('nfTip')),
      ),
      meta,
    );
    more.replaceChildren();
    return;
  } else {
    live.replaceChildren(band(d.result, t('r_' + d.result), t('t_' + d.result)), meta);
  }
  more.replaceChildren(
    checkList(d.checks, many ? t('checksOf', certs[0].number) : t('checks')),
    ...certs.map((c) =>
      details(
        c,
        many &&
          h(
            'h3',
            { class: 'cert-head' },
            h('span', { class: 'pill p-' + (c.result ?? c.status) }, t('r_' + (c.result ?? c.status))),
            `${c.occupation} · ${lang === 'en' ? (LEVELS_EN[c.level] ?? c.levelLabel) : c.levelLabel}`,
          ),
      ),
    ),
  );
}

/* ---------- start: /v/<number>?c=<code> checks at once ---------- */

function start() {
  applyLang();
  const m = location.pathname.match(/^\/v\/([^/]+)/);
  if (!m) return;
  let num = '';
  try {
    num = tidy(decodeURIComponent(m[1]));
  } catch {
    /* a mangled link: treated as unknown */
  }
  const code = new URLSearchParams(location.search).get('c')?.trim();
  if (!code) {
    input('number').value = num;
    live.replaceChildren(h('p', { class: 'meta', 'data-t': 'qrNoCode' }, t('qrNoCode')));
    input('name').focus();
    return;
  }
  // the result comes first; the form below is for another certificate
  $('main').prepend(result);
  $('another').hidden = false;
  if (checkNumber(num) || code.length < VERIFY_CODE_MIN_LENGTH || code.length > VERIFY_CODE_MAX_LENGTH) {
    last = {
      outcome: {
        ok: true,
        data: { result: 'not_found', checks: [], certificate: null, certificates: [] },
        at: new Date(),
      },
      qr: true,
    };
    return render();
  }
  run({ number: num, code }, true);
}
start();
import { setupCredentialCheck } from './credential';
setupCredentialCheck();
