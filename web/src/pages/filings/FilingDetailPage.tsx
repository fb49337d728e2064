/**
 * One filing application (备案申请) — for the applying institution (edit, evidence, submit,
 * withdraw) and for the departments on its route (expert opinion, recommend, file, return,
 * reject). The route and who must act now come from the server (INST-2); refusals are shown
 * with their rule.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  AuditOutlined,
  CheckOutlined,
  EditOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { filingStepOpen } from '../../../../contract/filing-workflow.js';
import { can } from '../../access';
import { api, type FilingDetail } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { ErrorAlert } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { ExpertOpinionFields } from '../../components/ExpertSelect';
import { LevelTags } from '../institutions/InstitutionStatus';
import { FilingStatusTag, useFilingLabels } from './FilingStatus';
import { FilingTimeline } from './FilingTimeline';
import { ChecklistTable, mergeChecks } from './Checklist';
import { FilingEditModal } from './FilingEditModal';
import { notifyQueueChanged } from '../../queueEvents';
import './filings.css';
import { useSubmit } from '../../components/useSubmit';

type Decision = 'return' | 'reject' | 'recommend' | 'file';

/** "河南省教育厅", "郑州市人社局": the department label the server uses for the caller. */
function myDepartmentLabel(role: string, regionLabel: string): string | null {
  if (role === 'province_edu') return `${regionLabel}教育厅`;
  if (role === 'province_hrss') return `${regionLabel}人社厅`;
  if (role === 'city_edu') return `${regionLabel}教育局`;
  if (role === 'city_hrss') return `${regionLabel}人社局`;
  return null;
}

function RouteSteps({ d }: { d: FilingDetail }) {
  const { t } = useI18n();
  const hasEdu = !!d.route.reviewDepartment;
  const at = (action: string) => [...d.timeline].reverse().find((s) => s.action === action)?.at;
  const items = [
    { title: t('route.submit'), content: <div className="step-desc">{d.institutionName}</div>, at: d.submittedAt },
    ...(hasEdu
      ? [
          {
            title: t('route.education'),
            content: <div className="step-desc">{d.route.reviewBy}</div>,
            at: at('recommend'),
          },
        ]
      : []),
    { title: t('route.hrss'), content: <div className="step-desc">{d.route.fileBy}</div>, at: at('file') },
  ];
  const last = items.length - 1;
  let current = 0;
  let status: 'process' | 'finish' | 'error' | 'wait' = 'process';
  if (d.status === 'draft' || d.status === 'returned') current = 0;
  else if (d.status === 'submitted') current = d.stage === 'education' ? 1 : last;
  else if (d.status === 'recommended') current = last;
  else if (d.status === 'filed') {
    current = last;
    status = 'finish';
  } else if (d.status === 'rejected') {
    const rej = [...d.timeline].reverse().find((s) => s.action === 'reject');
    current = hasEdu && rej?.actorRole?.endsWith('_edu') ? 1 : last;
    status = 'error';
  } else if (d.status === 'withdrawn') {
    current = 0;
    status = 'error';
  }
  return (
    <Steps
      data-testid="route-steps"
      size="small"
      current={current}
      status={status}
      items={items.map((s, i) => ({
        title: s.title,
        content: (
          <>
            {s.content}
            {s.at && (i < current || status === 'finish') && <div className="step-time">{formatDateTime(s.at)}</div>}
          </>
        ),
      }))}
    />
  );
}

/** The applied scope, one row per occupation with its levels. */
function ScopeGroups({ scopes }: { scopes: FilingDetail['scopes'] }) {
  const { t } = useI18n();
  const rows = [
    ...scopes
      .reduce((m, s) => {
        const r = m.get(s.occupationId) ?? { ...s, levels: [] as number[] };
        r.levels.push(s.level);
        m.set(s.occupationId, r);
        return m;
      }, new Map<number, FilingDetail['scopes'][number] & { levels: number[] }>())
      .values(),
  ];
  return (
    <Table
      data-testid="filing-scopes"
      size="small"
      rowKey="occupationId"
      pagination={false}
      dataSource={rows}
      columns={[
        {
          title: t('occ.code'),
          dataIndex: 'occupationCode',
          width: 110,
          render: (v: string) => <span className="mono">{v}</span>,
        },
        { title: t('occ.name'), dataIndex: 'occupationName', width: 170 },
        { title: t('scope.levels'), dataIndex: 'levels', render: (v: number[]) => <LevelTags levels={v} short /> },
        ...(rows.every((r) => r.hasNationalStandard)
          ? []
          : [
              {
                title: t('filing.standard'),
                dataIndex: 'hasNationalStandard',
                width: 130,
                render: (v: boolean, r: (typeof rows)[number]) =>
                  v ? (
                    <span className="muted">{t('filing.nationalStandard')}</span>
                  ) : (
                    <Tag color={r.specId ? 'purple' : 'red'}>
                      {r.specId ? t('filing.specNo', { id: r.specId }) : t('filing.noSpec')}
                    </Tag>
                  ),
              },
            ]),
      ]}
    />
  );
}

function ExpertOpinionModal({
  open,
  filing,
  onClose,
  onDone,
}: {
  open: boolean;
  filing: FilingDetail;
  onClose: () => void;
  onDone: (d: FilingDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ expertId: number; opinion: 'agree' | 'disagree'; comment?: string }>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const finish = async (v: { expertId: number; opinion: 'agree' | 'disagree'; comment?: string }) => {
    await run(async () => {
      onDone(
        await api.expertOpinion(filing.id, {
          expertId: v.expertId,
          opinion: v.opinion,
          comment: v.comment?.trim() || null,
        }),
      );
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={t('filing.expertOpinion')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'opinion-ok' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} testId="opinion-error" />
      <Form form={form} layout="vertical" name="opinion" onFinish={finish} initialValues={{ opinion: 'agree' }}>
        <ExpertOpinionFields
          avoidInstitutionId={filing.institutionId}
          commentPlaceholder={t('opinion.commentPlaceholder')}
        />
      </Form>
    </Modal>
  );
}

export default function FilingDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const L = useFilingLabels();
  const { data: d, error, reload, setData } = useLoad(() => api.filing(id), [id]);
  const inst = useLoad(
    () => (d ? api.prerequisites(d.institutionId) : Promise.resolve(undefined)),
    [d?.institutionId, d?.updatedAt],
  );
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [opinionOpen, setOpinionOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!d) return <Skeleton active paragraph={{ rows: 12 }} />;

  // the steps the workflow table allows now (contract/filing-workflow.ts), offered to the roles that may take them
  const own = can(me.role, 'filing.apply') && me.scope.institutionId === d.institutionId;
  const editable = own && filingStepOpen(d, 'update');
  const withdrawable = own && filingStepOpen(d, 'withdraw');
  const eduTurn = filingStepOpen(d, 'recommend');
  const hrssTurn = filingStepOpen(d, 'file');
  const myTurnFamily = (eduTurn && can(me.role, 'filing.review')) || (hrssTurn && can(me.role, 'filing.file'));
  const mine = myDepartmentLabel(me.role, me.scope.label);
  const routedElsewhere = myTurnFamily && d.awaiting !== null && mine !== null && d.awaiting !== mine;
  const filedStep = [...d.timeline].reverse().find((s) => s.action === 'file');
  const filingNo = (filedStep?.detail as { filingNo?: string } | null)?.filingNo ?? null;
  const review = d.expertReview;
  const reviewPassed = review.verdict === 'passed';
  const occupations = [
    ...new Map(d.scopes.map((s) => [s.occupationId, { id: s.occupationId, name: s.occupationName }])).values(),
  ];
  const checks = mergeChecks(d.prerequisites, inst.data?.items);

  const run = async (key: string, fn: () => Promise<FilingDetail>, done: string) => {
    setBusy(key);
    setActionError(null);
    try {
      const next = await fn();
      setData(next);
      notifyQueueChanged();
      message.success(done);
      return next;
    } catch (e) {
      setActionError(e);
      window.scrollTo({ top: 0, behavior: 'smooth' });
      return null;
    } finally {
      setBusy(null);
    }
  };
  const submitDecision = async (reason: string) => {
    const map: Record<Decision, () => Promise<FilingDetail>> = {
      return: () => api.returnFiling(d.id, reason),
      reject: () => api.rejectFiling(d.id, reason),
      recommend: () => api.recommendFiling(d.id, reason || null),
      file: () => api.fileFiling(d.id, reason || null),
    };
    const next = await map[decision!]();
    setData(next);
    notifyQueueChanged();
    setActionError(null);
    message.success(t(`filing.done.${decision!}`));
  };

  const decisionTitle: Record<Decision, string> = {
    return: t('filing.return'),
    reject: t('filing.reject'),
    recommend: t('filing.recommend'),
    file: t('filing.file'),
  };

  const actions = (
    <Space wrap>
      {editable && (
        <>
          <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)} data-testid="filing-edit">
            {t('filing.edit')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy === 'submit'}
            onClick={() => run('submit', () => api.submitFiling(d.id), t('filing.done.submit'))}
            data-testid="filing-submit"
          >
            {t('filing.submit')}
          </Button>
        </>
      )}
      {withdrawable && (
        <Popconfirm
          title={t('filing.withdrawConfirm')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => run('withdraw', () => api.withdrawFiling(d.id), t('filing.done.withdraw'))}
        >
          <Button icon={<UndoOutlined />} loading={busy === 'withdraw'} data-testid="filing-withdraw">
            {t('filing.withdraw')}
          </Button>
        </Popconfirm>
      )}
      {myTurnFamily && (
        <>
          <Button icon={<AuditOutlined />} onClick={() => setOpinionOpen(true)} data-testid="filing-opinion">
            {t('filing.expertOpinion')}
          </Button>
          {eduTurn && (
            // INST-2: recommending needs the expert review passed; until then it says why instead of failing in the dialog
            <Tooltip
              title={
                reviewPassed
                  ? undefined
                  : t('filing.recommendNeeds', { required: review.required, total: review.total })
              }
            >
              <Button
                type={reviewPassed ? 'primary' : 'default'}
                icon={<CheckOutlined />}
                disabled={!reviewPassed}
                onClick={() => setDecision('recommend')}
                data-testid="filing-recommend"
              >
                {t('filing.recommend')}
              </Button>
            </Tooltip>
          )}
          {hrssTurn && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={() => setDecision('file')}
              data-testid="filing-file"
            >
              {t('filing.file')}
            </Button>
          )}
          <Button icon={<RollbackOutlined />} onClick={() => setDecision('return')} data-testid="filing-return">
            {t('filing.return')}
          </Button>
          <Button danger icon={<StopOutlined />} onClick={() => setDecision('reject')} data-testid="filing-reject">
            {t('filing.reject')}
          </Button>
        </>
      )}
    </Space>
  );

  const lastReturn = d.status === 'returned' ? [...d.timeline].reverse().find((s) => s.action === 'return') : undefined;

  return (
    <div data-testid="filing-detail">
      <div className="page-header">
        <Space size={10} align="center" wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
          <h2 data-testid="page-title">
            {t('filing.detailTitle', { id: d.id })} · {d.institutionName}
          </h2>
          <FilingStatusTag status={d.status} label={d.statusLabel} />
          <Tag>{L.kind(d.kind)}</Tag>
        </Space>
      </div>

      {d.awaiting && (
        <Alert
          type={routedElsewhere ? 'warning' : 'info'}
          showIcon
          className="awaiting-alert"
          data-testid="awaiting"
          title={
            <span>
              {t('filing.awaiting', { dept: d.awaiting })}
              {routedElsewhere && <span className="muted">　{t('filing.routedElsewhere')}</span>}
            </span>
          }
        />
      )}
      {d.handling?.overdue && (
        <Alert
          type="error"
          showIcon
          className="awaiting-alert"
          data-testid="filing-overdue-alert"
          title={t('filing.overdueAlert', {
            since: d.handling.since,
            due: d.handling.due,
            n: d.handling.workingDaysLate,
          })}
        />
      )}
      {(eduTurn || review.total > 0) && (
        <Alert
          type={reviewPassed ? 'success' : review.disagree > 0 ? 'warning' : 'info'}
          showIcon
          className="awaiting-alert"
          data-testid="expert-review"
          title={t('filing.expertReview', {
            total: review.total,
            agree: review.agree,
            disagree: review.disagree,
            required: review.required,
          })}
          description={
            review.disagree > 0 ? (
              <span data-testid="expert-dissent">
                {t('filing.expertDissent', {
                  names: review.opinions
                    .filter((o) => o.opinion === 'disagree')
                    .map((o) => o.expertName)
                    .join('、'),
                })}
              </span>
            ) : undefined
          }
        />
      )}
      {d.status === 'filed' && (
        <Alert
          type="success"
          showIcon
          className="awaiting-alert"
          data-testid="filed-alert"
          title={
            <span>
              {t('filing.filedOn', { date: formatDateTime(d.decidedAt) })}
              {filingNo && (
                <>
                  　{t('inst.filingNo')}：
                  <Typography.Text copyable strong className="mono" data-testid="filing-no">
                    {filingNo}
                  </Typography.Text>
                </>
              )}
            </span>
          }
        />
      )}
      {lastReturn && own && (
        <Alert
          type="warning"
          showIcon
          className="awaiting-alert"
          title={t('filing.returnedHint', { dept: lastReturn.department ?? '' })}
          description={lastReturn.reason}
          data-testid="returned-alert"
        />
      )}
      <ErrorAlert error={actionError} onClose={() => setActionError(null)} testId="action-error" />

      <Card size="small" className="filing-card">
        <div className="filing-actions-row">
          <RouteSteps d={d} />
        </div>
        {(editable || withdrawable || myTurnFamily) && (
          <div className="filing-actions" data-testid="filing-actions">
            {actions}
          </div>
        )}
      </Card>

      <Card size="small" className="filing-card" title={t('filing.basic')}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'inst', label: t('inst.name'), children: d.institutionName },
            { key: 'kind', label: t('filing.kind'), children: L.kind(d.kind) },
            { key: 'stage', label: t('filing.stage'), children: L.stage(d.stage) },
            { key: 'review', label: t('route.reviewBy'), children: d.route.reviewBy ?? t('route.noReview') },
            { key: 'fileBy', label: t('route.fileBy'), children: d.route.fileBy ?? '—' },
            { key: 'created', label: t('filing.createdAt'), children: formatDateTime(d.createdAt) },
            { key: 'submitted', label: t('filing.submittedAt'), children: formatDateTime(d.submittedAt) },
            { key: 'decided', label: t('filing.decidedAt'), children: formatDateTime(d.decidedAt) },
            { key: 'note', label: t('filing.note'), children: d.note || '—' },
          ]}
        />
      </Card>

      <div className="filing-grid">
        <Card size="small" className="filing-card" title={t('filing.scopes', { n: d.scopes.length })}>
          <ScopeGroups scopes={d.scopes} />
        </Card>
        <Card size="small" className="filing-card" title={t('filing.timeline')}>
          <FilingTimeline steps={d.timeline} />
        </Card>
      </div>
      <Card size="small" className="filing-card" title={t('check.title')} extra={<Tag color="blue">INST-3</Tag>}>
        <ChecklistTable
          rows={checks}
          institutionId={d.institutionId}
          editable={own}
          occupations={occupations}
          onChanged={() => {
            void reload();
            void inst.reload();
          }}
          loading={inst.loading && !inst.data}
        />
      </Card>

      {own && (
        <FilingEditModal
          open={editOpen}
          institutionId={d.institutionId}
          filing={d}
          onClose={() => setEditOpen(false)}
          onSaved={(n) => {
            setData(n);
            notifyQueueChanged();
            setEditOpen(false);
            message.success(t('common.saved'));
          }}
        />
      )}
      <ExpertOpinionModal
        open={opinionOpen}
        filing={d}
        onClose={() => setOpinionOpen(false)}
        onDone={(n) => {
          setData(n);
          message.success(t('filing.done.opinion'));
        }}
      />
      <ReasonModal
        open={decision !== null}
        title={decision ? `${decisionTitle[decision]} · ${d.institutionName}` : ''}
        okText={decision ? decisionTitle[decision] : undefined}
        danger={decision === 'reject'}
        optional={decision === 'recommend' || decision === 'file'}
        extra={
          decision === 'file' ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('filing.fileHint')} />
          ) : decision === 'recommend' ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('filing.recommendHint', { dept: d.route.fileBy ?? '' })}
            />
          ) : null
        }
        onSubmit={(v) => submitDecision(v.reason)}
        onClose={() => setDecision(null)}
      />
    </div>
  );
}
