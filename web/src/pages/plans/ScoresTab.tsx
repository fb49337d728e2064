/**
 * 成绩录入与复核 (CERT-11): a grid with one input per candidate and part; scores entered by one
 * person are confirmed by another; a correction is a new version with its reason, and the ledger
 * of every version (who entered, who confirmed, when) stays readable per candidate.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import { AuditOutlined, CheckOutlined, EditOutlined, HistoryOutlined, SaveOutlined } from '@ant-design/icons';
import { api, type Part, type Registration, type ScoreLedger } from '../../api';
import { formatDateTime, useI18n } from '../../i18n';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { partLabel } from './labels';
import type { PlanCtx } from './planContext';
import { useSubmit } from '../../components/useSubmit';
import { REASON_MIN_LENGTH, SCORE_MAX, SCORE_MIN, SHORT_REASON_MAX_LENGTH } from '../../../../contract/limits.js';
import { IdNumber } from '../../components/IdNumber';

type Drafts = Record<string, number | null>;
const key = (regId: number, part: Part) => `${regId}:${part}`;

function LedgerDrawer({ reg, ctx, onClose }: { reg: Registration | null; ctx: PlanCtx; onClose: () => void }) {
  const { t } = useI18n();
  const [data, setData] = useState<ScoreLedger | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!reg) return;
    let alive = true;
    setData(null);
    setError(null);
    api.scoreLedger(reg.id).then(
      (d) => alive && setData(d),
      (e) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [reg]);
  const passMark = ctx.plan.standard.passMark;
  return (
    <Drawer
      open={reg !== null}
      width={820}
      title={reg ? t('ledger.title', { name: reg.name }) : ''}
      onClose={onClose}
      destroyOnHidden
      data-testid="ledger-drawer"
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <span>
            <RuleTag rule="CERT-11" />
            {t('ledger.hint')}
          </span>
        }
      />
      <ErrorAlert error={error} />
      <Table
        size="small"
        loading={!data && !error}
        rowKey={(r) => `${r.part}-${r.version}`}
        dataSource={data?.versions ?? []}
        pagination={false}
        data-testid="ledger-table"
        columns={[
          { title: t('score.part'), dataIndex: 'part', width: 110, render: (v: Part) => partLabel(t, v) },
          { title: t('ledger.version'), dataIndex: 'version', width: 60, render: (v: number) => <Tag>v{v}</Tag> },
          {
            title: t('score.score'),
            dataIndex: 'score',
            width: 70,
            render: (v: number) => <b className={v < passMark ? 'err-text' : undefined}>{v.toFixed(1)}</b>,
          },
          {
            title: t('ledger.reason'),
            dataIndex: 'reason',
            render: (v: string | null, r) => (r.version === 1 ? <span className="muted">{t('ledger.first')}</span> : v),
          },
          {
            title: t('ledger.enteredBy'),
            dataIndex: 'enteredBy',
            width: 140,
            render: (v: string | null, r) => (
              <div>
                {v ?? '—'}
                <div className="muted small">{formatDateTime(r.enteredAt)}</div>
              </div>
            ),
          },
          {
            title: t('ledger.confirmedBy'),
            dataIndex: 'confirmedBy',
            width: 140,
            render: (v: string | null, r) =>
              r.confirmedAt ? (
                <div>
                  {v ?? '—'}
                  <div className="muted small">{formatDateTime(r.confirmedAt)}</div>
                </div>
              ) : (
                <Tag color="gold">{t('score.unconfirmed')}</Tag>
              ),
          },
        ]}
      />
    </Drawer>
  );
}

function CorrectModal({ reg, ctx, onClose }: { reg: Registration | null; ctx: PlanCtx; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ part: Part; score: number; reason: string }>();
  const { busy, error, run } = useSubmit(reg !== null, () => {
    form.resetFields();
    form.setFieldValue('part', parts[0]);
  });
  const parts = reg ? ctx.plan.standard.parts.filter((p) => reg.scores[p]) : [];
  const part = Form.useWatch('part', form) as Part | undefined;
  const current = reg && part ? reg.scores[part] : null;
  const finish = async (v: { part: Part; score: number; reason: string }) => {
    await run(async () => {
      const r = await api.correctScore(reg!.id, v.part, v.score, v.reason.trim());
      message.success(t('correct.done', { name: reg!.name, part: partLabel(t, v.part), version: r.version }));
      onClose();
      await ctx.reload();
    });
  };
  return (
    <Modal
      open={reg !== null}
      title={reg ? t('correct.title', { name: reg.name }) : ''}
      okText={t('correct.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'correct-ok' } as never}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <span>
            <RuleTag rule="CERT-11" />
            {t('correct.hint')}
          </span>
        }
      />
      <ErrorAlert error={error} testId="correct-error" />
      <Form form={form} layout="vertical" name="correct" onFinish={finish}>
        <div className="form-row">
          <Form.Item name="part" label={t('score.part')} rules={[{ required: true }]} style={{ width: 200 }}>
            <Select options={parts.map((p) => ({ value: p, label: partLabel(t, p) }))} />
          </Form.Item>
          <Form.Item label={t('correct.current')}>
            <span className="mono">{current ? `${current.score.toFixed(1)}（v${current.version}）` : '—'}</span>
          </Form.Item>
          <Form.Item
            name="score"
            label={t('correct.newScore')}
            rules={[{ required: true, message: t('score.required') }]}
            style={{ width: 160 }}
          >
            <InputNumber
              min={SCORE_MIN}
              max={SCORE_MAX}
              step={0.5}
              precision={1}
              style={{ width: '100%' }}
              data-testid="correct-score"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="reason"
          label={t('reason.label')}
          rules={[{ required: true, whitespace: true, min: REASON_MIN_LENGTH, message: t('reason.min') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={SHORT_REASON_MAX_LENGTH}
            showCount
            placeholder={t('correct.reasonPlaceholder')}
            data-testid="correct-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ScoresTab({ ctx }: { ctx: PlanCtx }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { plan } = ctx;
  const parts = plan.standard.parts;
  const passMark = plan.standard.passMark;
  const rows = useMemo(() => plan.registrations.filter((r) => r.status === 'eligible'), [plan.registrations]);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ledger, setLedger] = useState<Registration | null>(null);
  const [correcting, setCorrecting] = useState<Registration | null>(null);
  const entering = ctx.may.enter && plan.status === 'published';
  const cells = rows.length * parts.length;
  const entered = rows.reduce((n, r) => n + parts.filter((p) => r.scores[p]).length, 0);
  const confirmed = rows.reduce((n, r) => n + parts.filter((p) => r.scores[p]?.confirmed).length, 0);
  const pendingDrafts = Object.entries(drafts).filter(([, v]) => v !== null && v !== undefined);
  const correctable = ctx.may.correct && (plan.status === 'published' || plan.status === 'results_published');

  const submit = async () => {
    setBusy('enter');
    setError(null);
    try {
      const entries = pendingDrafts.map(([k, v]) => {
        const [id, part] = k.split(':');
        return { registrationId: Number(id), part: part as Part, score: Math.round(Number(v) * 10) / 10 };
      });
      const r = await api.enterScores(plan.id, entries);
      setDrafts({});
      message.success(t('score.entered', { n: r.entered }));
      await ctx.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const confirm = async () => {
    setBusy('confirm');
    setError(null);
    try {
      const r = await api.confirmScores(plan.id);
      message.success(
        r.skippedOwnEntries
          ? t('score.confirmedSkipped', { n: r.confirmed, own: r.skippedOwnEntries })
          : t('score.confirmed', { n: r.confirmed }),
      );
      await ctx.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const outcome = (r: Registration) => {
    if (r.result) return <Tag color={r.result === 'passed' ? 'green' : 'red'}>{t(`result.${r.result}`)}</Tag>;
    const ss = parts.map((p) => r.scores[p]);
    if (ss.some((s) => !s)) return <span className="muted">—</span>;
    const pass = ss.every((s) => s!.score >= passMark);
    const sure = ss.every((s) => s!.confirmed);
    return (
      <Tooltip title={sure ? t('score.previewHint') : t('score.unconfirmedHint')}>
        <Tag
          color={pass ? (sure ? 'green' : 'default') : sure ? 'red' : 'default'}
          className={sure ? undefined : 'tag-dashed'}
        >
          {t(pass ? 'result.passed' : 'result.failed')}
        </Tag>
      </Tooltip>
    );
  };

  return (
    <div data-testid="tab-scores">
      <div className="score-head">
        <div className="score-progress">
          <span>{t('score.enteredProgress', { n: entered, total: cells })}</span>
          <Progress
            percent={cells ? Math.round((entered / cells) * 100) : 0}
            size="small"
            style={{ width: 140 }}
            showInfo={false}
          />
          <span>{t('score.confirmedProgress', { n: confirmed, total: cells })}</span>
          <Progress
            percent={cells ? Math.round((confirmed / cells) * 100) : 0}
            size="small"
            status="success"
            style={{ width: 140 }}
            showInfo={false}
          />
          <span className="muted">{t('score.passMark', { n: passMark })}</span>
        </div>
        <Space>
          {entering && (
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!pendingDrafts.length}
              loading={busy === 'enter'}
              onClick={submit}
              data-testid="score-submit"
            >
              {t('score.submit', { n: pendingDrafts.length })}
            </Button>
          )}
          {ctx.may.confirm && entered > confirmed && plan.status !== 'finalized' && (
            <Popconfirm
              title={t('score.confirmTitle')}
              description={<div style={{ maxWidth: 320 }}>{t('score.confirmDesc', { n: entered - confirmed })}</div>}
              okText={t('score.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={confirm}
            >
              <Button icon={<CheckOutlined />} loading={busy === 'confirm'} data-testid="score-confirm">
                {t('score.confirm')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      <Alert
        type="info"
        showIcon
        className="plan-alert"
        title={
          <span>
            <RuleTag rule="CERT-11" />
            {t('score.hint')}
          </span>
        }
      />
      <ErrorAlert error={error} onClose={() => setError(null)} testId="score-error" />
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('score.noCandidates')} />
      ) : (
        <Table<Registration>
          data-testid="score-table"
          className="score-table"
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 860 }}
          columns={[
            {
              title: t('reg.no'),
              dataIndex: 'id',
              width: 64,
              render: (v: number) => <span className="mono muted">#{v}</span>,
            },
            { title: t('reg.name'), dataIndex: 'name', width: 96, render: (v: string) => <b>{v}</b> },
            {
              title: t('reg.idNumber'),
              dataIndex: 'idNumber',
              width: 210,
              render: (v: string, r: { id: number }) => <IdNumber masked={v} kind="registrations" id={r.id} />,
            },
            ...parts.map((p) => ({
              title: `${partLabel(t, p)}`,
              key: p,
              width: 170,
              render: (_: unknown, r: Registration) => {
                const s = r.scores[p];
                if (s)
                  return (
                    <span className="score-cell" data-testid={`score-${r.id}-${p}`}>
                      <b className={s.score < passMark ? 'err-text' : undefined}>{s.score.toFixed(1)}</b>
                      {s.version > 1 && <Tag className="ver-tag">v{s.version}</Tag>}
                      {s.confirmed ? (
                        <Tag color="green">{t('score.confirmedTag')}</Tag>
                      ) : (
                        <Tag color="gold">{t('score.unconfirmed')}</Tag>
                      )}
                    </span>
                  );
                if (!entering) return <span className="muted">{t('score.notEntered')}</span>;
                return (
                  <InputNumber
                    size="small"
                    min={SCORE_MIN}
                    max={SCORE_MAX}
                    step={0.5}
                    precision={1}
                    placeholder="0–100"
                    value={drafts[key(r.id, p)] ?? null}
                    onChange={(v) => setDrafts((d) => ({ ...d, [key(r.id, p)]: v }))}
                    style={{ width: 96 }}
                    data-testid={`score-input-${r.id}-${p}`}
                  />
                );
              },
            })),
            {
              title: t('score.outcome'),
              key: 'outcome',
              width: 90,
              render: (_: unknown, r: Registration) => outcome(r),
            },
            {
              title: t('common.actions'),
              key: 'act',
              width: 150,
              fixed: 'right' as const,
              render: (_: unknown, r: Registration) => (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<HistoryOutlined />}
                    onClick={() => setLedger(r)}
                    data-testid={`ledger-${r.id}`}
                  >
                    {t('ledger.open')}
                  </Button>
                  {correctable && parts.some((p) => r.scores[p]) && (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setCorrecting(r)}
                      data-testid={`correct-${r.id}`}
                    >
                      {t('correct.open')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      {!entering && ctx.may.enter && plan.status !== 'published' && (
        <div className="muted small" style={{ marginTop: 8 }}>
          <AuditOutlined /> {t('score.closed')}
        </div>
      )}
      <LedgerDrawer reg={ledger} ctx={ctx} onClose={() => setLedger(null)} />
      <CorrectModal reg={correcting} ctx={ctx} onClose={() => setCorrecting(null)} />
    </div>
  );
}
