/**
 * One evaluation plan (考试考核, CERT-2) as a workflow: 公告 → 报名与资格审核 → 考场安排 →
 * 成绩录入与复核 → 成绩公示 → 确认结果 → 发证. The institution admin acts on each step; examiners
 * enter and confirm scores (CERT-11); officials and others read. Refusals show with their rule.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Skeleton, Space, Steps, Tabs, Tag } from 'antd';
import { ArrowLeftOutlined, GlobalOutlined, NotificationOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, type ExamSession, type PlanDetail } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { businessDate, formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { ErrorAlert } from '../../components/ApiErrorView';
import { levelText } from '../institutions/InstitutionStatus';
import { conditionText, partLabel, PlanStatusTag, plainDate } from './labels';
import { CandidatesTab } from './CandidatesTab';
import { SessionsTab } from './SessionsTab';
import { ScoresTab } from './ScoresTab';
import { ResultsTab } from './ResultsTab';
import type { PlanCtx } from './planContext';
import './plans.css';

type TabKey = 'notice' | 'candidates' | 'sessions' | 'scores' | 'results';
const STEP_TABS: TabKey[] = ['notice', 'candidates', 'sessions', 'scores', 'results', 'results', 'results'];

/** Today as a business date: the date in China Standard Time, as the server decides publicity. */
const todayIso = () => businessDate();

/** Where the plan stands on the seven steps, from its status and data. */
export function planStep(
  p: PlanDetail,
  sessions: ExamSession[],
): { current: number; status: 'process' | 'finish' | 'wait' } {
  if (p.status === 'draft') return { current: 0, status: 'process' };
  if (p.status === 'finalized') {
    const waiting = p.registrations.some((r) => r.result === 'passed' && !r.certificateId);
    const issued = p.registrations.some((r) => r.certificateId);
    return waiting || !issued ? { current: 6, status: 'process' } : { current: 6, status: 'finish' };
  }
  if (p.status === 'results_published')
    return { current: p.publicityUntil && todayIso() > p.publicityUntil ? 5 : 4, status: 'process' };
  const eligible = p.registrations.filter((r) => r.status === 'eligible');
  if (!eligible.length) return { current: 1, status: 'process' };
  const parts = p.standard.parts;
  const complete = eligible.every((r) => parts.every((part) => r.scores[part]?.confirmed));
  if (complete) return { current: 4, status: 'process' };
  const anyScore = eligible.some((r) => parts.some((part) => r.scores[part]));
  const arranged = parts.every((part) => sessions.some((s) => s.part === part));
  return { current: anyScore || arranged ? 3 : 2, status: 'process' };
}

function StandardCard({ plan }: { plan: PlanDetail }) {
  const { t, lang } = useI18n();
  const s = plan.standard;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      data-testid="plan-standard"
      items={[
        { key: 'parts', label: t('std.parts'), children: s.parts.map((p) => <Tag key={p}>{partLabel(t, p)}</Tag>) },
        { key: 'pass', label: t('std.passMark'), children: t('std.passMarkValue', { n: s.passMark }) },
        {
          key: 'minutes',
          label: t('std.minutes'),
          children: s.parts.map((p) => `${partLabel(t, p)} ${s.minutes[p]} ${t('unit.minutes')}`).join('；'),
        },
        {
          key: 'staffing',
          label: t('std.staffing'),
          span: 2,
          children: t('std.staffingText', {
            inv: s.staffing.invigilatorRatio,
            minInv: s.staffing.minInvigilators,
            ex: s.staffing.examinerRatio,
            minEx: s.staffing.minExaminers,
            panel: s.staffing.minPanel,
          }),
        },
        { key: 'edition', label: t('std.edition'), children: s.edition },
        {
          key: 'elig',
          label: t('std.eligibility'),
          span: 3,
          children: (
            <ol className="route-list">
              {s.eligibility.map((r, i) => (
                <li key={i}>
                  <b>{r.label}</b>
                  <span className="muted">　{r.all.map((c) => conditionText(c, t, lang)).join(' + ')}</span>
                </li>
              ))}
            </ol>
          ),
        },
      ]}
    />
  );
}

export default function PlanDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const planLoad = useLoad(() => api.plan(id), [id]);
  const sessLoad = useLoad(() => api.sessions(id), [id]);
  const objLoad = useLoad(() => api.objections(id), [id]);
  const [tab, setTab] = useState<TabKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const plan = planLoad.data;
  const sessions = useMemo(() => sessLoad.data ?? [], [sessLoad.data]);
  const step = plan ? planStep(plan, sessions) : { current: 0, status: 'process' as const };
  useEffect(() => {
    // open the tab of the current step the first time the plan loads
    if (plan && tab === null) setTab(STEP_TABS[step.current]);
  }, [plan, tab, step.current]);

  if (planLoad.error) return <LoadError error={planLoad.error} onRetry={planLoad.reload} />;
  if (!plan) return <Skeleton active paragraph={{ rows: 12 }} />;

  const own = me.scope.institutionId === plan.institutionId;
  const ctx: PlanCtx = {
    plan,
    sessions,
    objections: objLoad.data ?? [],
    reload: async () => {
      await Promise.all([planLoad.reload(), sessLoad.reload(), objLoad.reload()]);
    },
    own,
    may: {
      manage: own && can(me.role, 'plan.manage'),
      enter: own && can(me.role, 'score.enter'),
      confirm: own && can(me.role, 'score.confirm'),
      correct: own && can(me.role, 'score.correct'),
      tickets: own && can(me.role, 'ticket.download'),
    },
  };
  const counts = {
    all: plan.registrations.length,
    eligible: plan.registrations.filter((r) => r.status === 'eligible').length,
    pending: plan.registrations.filter((r) => r.status === 'pending').length,
  };

  const publish = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await api.publishPlan(plan.id);
      message.success(t('plan.published'));
      await ctx.reload();
      setTab('candidates');
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const stepTitles = [
    t('step.notice'),
    t('step.registration'),
    t('step.sessions'),
    t('step.scores'),
    t('step.publicity'),
    t('step.finalize'),
    t('step.issue'),
  ];
  const stepDesc: (string | null)[] = [
    plan.publishedAt ? formatDateTime(plan.publishedAt) : null,
    counts.all ? t('step.registrationDesc', { n: counts.all, eligible: counts.eligible }) : null,
    sessions.length ? t('step.sessionsDesc', { n: sessions.length }) : null,
    null,
    plan.publicityUntil ? t('step.publicityDesc', { date: plainDate(plan.publicityUntil) }) : null,
    plan.finalizedAt ? formatDateTime(plan.finalizedAt) : null,
    null,
  ];
  const publicLink = plan.status === 'results_published' || plan.status === 'finalized';

  return (
    <div data-testid="plan-detail">
      <div className="page-header">
        <Space size={10} align="center" wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/plans')}
            aria-label={t('common.back')}
          />
          <h2 data-testid="page-title">{plan.title}</h2>
          <PlanStatusTag status={plan.status} label={plan.statusLabel} />
          <Tag color="blue">{levelText(plan.level, lang)}</Tag>
        </Space>
        <Space>
          {publicLink && (
            <Link to={`/results/${plan.id}`} target="_blank" data-testid="public-results-link">
              <GlobalOutlined /> {t('plan.publicPage')}
            </Link>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void ctx.reload()}>
            {t('common.refresh')}
          </Button>
        </Space>
      </div>
      {!own && (
        <Alert type="info" showIcon className="plan-alert" title={t('plan.readOnly', { inst: plan.institutionName })} />
      )}
      <ErrorAlert error={actionError} onClose={() => setActionError(null)} testId="action-error" />

      <Card size="small" className="plan-card">
        <Steps
          data-testid="plan-steps"
          size="small"
          current={step.current}
          status={step.status}
          onChange={(i) => setTab(STEP_TABS[i])}
          items={stepTitles.map((title, i) => ({
            title,
            content: stepDesc[i] && i <= step.current ? <div className="step-desc">{stepDesc[i]}</div> : undefined,
          }))}
        />
        {plan.status === 'draft' && ctx.may.manage && (
          <div className="plan-step-action">
            <span className="muted">{t('plan.draftHint')}</span>
            <Popconfirm
              title={t('plan.publishConfirm')}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={publish}
            >
              <Button type="primary" icon={<NotificationOutlined />} loading={busy} data-testid="plan-publish">
                {t('plan.publish')}
              </Button>
            </Popconfirm>
          </div>
        )}
      </Card>

      <Card size="small" className="plan-card">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'inst', label: t('inst.name'), children: plan.institutionName },
            {
              key: 'occ',
              label: t('plan.occupation'),
              children: (
                <span>
                  {plan.occupationName} <span className="muted mono">{plan.occupationCode}</span>
                </span>
              ),
            },
            { key: 'level', label: t('plan.level'), children: levelText(plan.level, lang) },
            { key: 'year', label: t('plan.year'), children: plan.year },
            { key: 'fee', label: t('plan.fee'), children: plan.fee ? `${plan.fee} ${t('unit.yuan')}` : t('plan.free') },
            {
              key: 'cand',
              label: t('plan.candidates'),
              children: t('plan.candidatesValue', {
                n: counts.all,
                eligible: counts.eligible,
                pending: counts.pending,
              }),
            },
            { key: 'pub', label: t('plan.publishedAt'), children: formatDateTime(plan.publishedAt) },
            { key: 'until', label: t('plan.publicityUntil'), children: plainDate(plan.publicityUntil) },
          ]}
        />
      </Card>

      <Card size="small" className="plan-card plan-tabs-card">
        <Tabs
          activeKey={tab ?? 'notice'}
          onChange={(k) => setTab(k as TabKey)}
          items={[
            {
              key: 'notice',
              label: t('tab.notice'),
              children: (
                <div data-testid="tab-notice">
                  <div className="section-title">{t('plan.notice')}</div>
                  <div className="notice-box">{plan.notice || <span className="muted">{t('plan.noNotice')}</span>}</div>
                  <div className="section-title">
                    {t('std.title', { occupation: plan.occupationName, level: levelText(plan.level, lang) })}
                  </div>
                  <StandardCard plan={plan} />
                </div>
              ),
            },
            {
              key: 'candidates',
              label: `${t('tab.candidates')} (${counts.all})`,
              children: <CandidatesTab ctx={ctx} />,
            },
            {
              key: 'sessions',
              label: `${t('tab.sessions')} (${sessions.length})`,
              children: <SessionsTab ctx={ctx} />,
            },
            { key: 'scores', label: t('tab.scores'), children: <ScoresTab ctx={ctx} /> },
            { key: 'results', label: t('tab.results'), children: <ResultsTab ctx={ctx} /> },
          ]}
        />
      </Card>
    </div>
  );
}
