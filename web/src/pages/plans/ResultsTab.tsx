/**
 * 成绩公示 → 确认结果 → 发证: publish the confirmed results for 5 working days (official calendar),
 * handle objections, confirm the final results after the publicity period, issue certificates
 * (numbers assigned by the system, CERT-7) and download them as one ZIP for printing.
 */
import { useState } from 'react';
import { ISSUE_RESULT_NUMBERS, type IssueResult, type SigningBacklog } from '../../../../contract/api-assessment.js';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import {
  CheckSquareOutlined,
  CloudDownloadOutlined,
  FileDoneOutlined,
  GlobalOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  SoundOutlined,
} from '@ant-design/icons';
import { api, followJob, type Job, type Objection, type PublishResults, type Registration } from '../../api';
import { JobProgress } from '../../components/JobProgress';
import { durationText, formatDateTime, useI18n } from '../../i18n';
import { ErrorAlert } from '../../components/ApiErrorView';
import { CertificateDrawer } from '../certificates/CertificateDrawer';
import { plainDate } from './labels';
import type { PlanCtx } from './planContext';
import { useSubmit } from '../../components/useSubmit';
import {
  OBJECTION_MAX_LENGTH,
  OBJECTION_MIN_LENGTH,
  REASON_MAX_LENGTH,
  REASON_MIN_LENGTH,
} from '../../../../contract/limits.js';
import { IdNumber } from '../../components/IdNumber';

function ObjectionModal({ ctx, open, onClose }: { ctx: PlanCtx; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ registrationId: number; text: string }>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const finish = async (v: { registrationId: number; text: string }) => {
    await run(async () => {
      await api.raiseObjection(v.registrationId, v.text.trim());
      message.success(t('objection.raised'));
      onClose();
      await ctx.reload();
    });
  };
  return (
    <Modal
      open={open}
      title={t('objection.raise')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="objection" onFinish={finish}>
        <Form.Item name="registrationId" label={t('objection.candidate')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={ctx.plan.registrations
              .filter((r) => r.status === 'eligible')
              .map((r) => ({ value: r.id, label: `${r.name}（${r.idNumber.slice(-4)}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('objection.text')}
          rules={[{ required: true, whitespace: true, min: OBJECTION_MIN_LENGTH }]}
        >
          <Input.TextArea
            rows={4}
            maxLength={OBJECTION_MAX_LENGTH}
            showCount
            placeholder={t('objection.textPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResolveModal({ ctx, objection, onClose }: { ctx: PlanCtx; objection: Objection | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ upheld: boolean; resolution: string }>();
  const { busy, error, run } = useSubmit(objection !== null, () => form.resetFields());
  const upheld = Form.useWatch('upheld', form);
  const finish = async (v: { upheld: boolean; resolution: string }) => {
    await run(async () => {
      await api.resolveObjection(objection!.id, v.upheld, v.resolution.trim());
      message.success(t('objection.resolved'));
      onClose();
      await ctx.reload();
    });
  };
  return (
    <Modal
      open={objection !== null}
      title={objection ? t('objection.resolveTitle', { name: objection.name }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'resolve-ok' } as never}
      destroyOnHidden
    >
      {objection && (
        <div className="tl-reason" style={{ marginBottom: 12 }}>
          {objection.text}
        </div>
      )}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" name="resolve" onFinish={finish} initialValues={{ upheld: false }}>
        <Form.Item name="upheld" label={t('objection.verdict')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: t('objection.upheld') },
              { value: false, label: t('objection.dismissed') },
            ]}
          />
        </Form.Item>
        {upheld && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('objection.upheldHint')} />}
        <Form.Item
          name="resolution"
          label={t('objection.resolution')}
          rules={[{ required: true, whitespace: true, min: REASON_MIN_LENGTH, message: t('reason.min') }]}
        >
          <Input.TextArea rows={3} maxLength={REASON_MAX_LENGTH} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResultsTab({ ctx }: { ctx: PlanCtx }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { plan, objections } = ctx;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [published, setPublished] = useState<PublishResults | null>(null);
  const [issued, setIssued] = useState<IssueResult | null>(null);
  // the issuance job while it runs: a bar of certificates issued, with the time left
  const [issueJob, setIssueJob] = useState<Job | null>(null);
  const [raising, setRaising] = useState(false);
  const [resolving, setResolving] = useState<Objection | null>(null);
  const [cert, setCert] = useState<number | null>(null);
  const m = ctx.may.manage;
  const eligible = plan.registrations.filter((r) => r.status === 'eligible');
  const passed = eligible.filter((r) => r.result === 'passed');
  const toIssue = passed.filter((r) => !r.certificateId);
  const withCert = plan.registrations.filter((r) => r.certificateId);
  const openObjections = objections.filter((o) => o.status === 'open').length;

  const run = async (k: string, fn: () => Promise<void>) => {
    setBusy(k);
    setError(null);
    try {
      await fn();
      await ctx.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const publish = () =>
    run('publish', async () => {
      const r = await api.publishResults(plan.id);
      setPublished(r);
      message.success(t('results.publishedMsg', { date: plainDate(r.publicityUntil) }));
    });
  const finalize = () =>
    run('finalize', async () => {
      const r = await api.finalizePlan(plan.id);
      message.success(t('results.finalizedMsg', { passed: r.passed, failed: r.failed }));
    });
  const issue = () =>
    run('issue', async () => {
      // a background job, issuing in batches; the plan is read again once it has ended (run)
      const end = await followJob(await api.issuePlan(plan.id), setIssueJob);
      const r = end.result as IssueResult;
      setIssued(r);
      message.success(t('issue.done', { n: r.issued }));
    });
  const zip = async () => {
    setBusy('zip');
    setError(null);
    try {
      const r = await api.certificatesZip({ planId: plan.id });
      message.success(t('issue.zipDone', { n: r.header ?? '?', name: r.name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="tab-results">
      <ErrorAlert error={error} onClose={() => setError(null)} testId="results-error" />

      {/* 成绩公示 */}
      <div className="section-title">{t('step.publicity')}</div>
      {plan.status === 'published' || plan.status === 'draft' ? (
        <div className="plan-step-action left">
          <span className="muted">{t('results.publishHint')}</span>
          {m && plan.status === 'published' && (
            <Popconfirm
              title={t('results.publishConfirm')}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={publish}
            >
              <Button
                type="primary"
                icon={<SoundOutlined />}
                loading={busy === 'publish'}
                data-testid="results-publish"
              >
                {t('results.publish')}
              </Button>
            </Popconfirm>
          )}
        </div>
      ) : (
        <>
          {published && (
            <Alert
              type={published.warning ? 'warning' : 'success'}
              showIcon
              className="plan-alert"
              data-testid="publicity-result"
              title={t('results.publicityUntil', { date: plainDate(published.publicityUntil) })}
              description={published.warning ?? undefined}
            />
          )}
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            data-testid="publicity-info"
            items={[
              { key: 'from', label: t('results.publishedAt'), children: formatDateTime(plan.resultsPublishedAt) },
              {
                key: 'until',
                label: t('plan.publicityUntil'),
                children: <b data-testid="publicity-until">{plainDate(plan.publicityUntil)}</b>,
              },
              {
                key: 'page',
                label: t('plan.publicPage'),
                children: (
                  <Link to={`/results/${plan.id}`} target="_blank">
                    <GlobalOutlined /> {`/results/${plan.id}`}
                  </Link>
                ),
              },
            ]}
          />
        </>
      )}

      {/* 异议 */}
      {plan.status !== 'draft' && plan.status !== 'published' && (
        <>
          <div className="section-title">
            {t('objection.title', { n: objections.length })}
            {openObjections > 0 && (
              <Tag color="red" style={{ marginLeft: 8 }}>
                {t('objection.open', { n: openObjections })}
              </Tag>
            )}
          </div>
          {m && plan.status === 'results_published' && (
            <div className="page-toolbar">
              <Button
                size="small"
                icon={<MessageOutlined />}
                onClick={() => setRaising(true)}
                data-testid="objection-new"
              >
                {t('objection.raise')}
              </Button>
            </div>
          )}
          <Table<Objection>
            size="small"
            rowKey="id"
            dataSource={objections}
            pagination={false}
            data-testid="objection-table"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('objection.none')} /> }}
            columns={[
              { title: t('reg.name'), dataIndex: 'name', width: 100 },
              { title: t('objection.text'), dataIndex: 'text' },
              {
                title: t('objection.at'),
                dataIndex: 'createdAt',
                width: 160,
                render: (v: string) => formatDateTime(v),
              },
              {
                title: t('common.status'),
                dataIndex: 'status',
                width: 90,
                render: (v: Objection['status']) => (
                  <Tag color={v === 'open' ? 'red' : v === 'upheld' ? 'orange' : 'default'}>{t(`objStatus.${v}`)}</Tag>
                ),
              },
              {
                title: t('objection.resolution'),
                dataIndex: 'resolution',
                render: (v: string | null, r) =>
                  v ? (
                    <span>
                      {v} <span className="muted small">{formatDateTime(r.resolvedAt)}</span>
                    </span>
                  ) : (
                    '—'
                  ),
              },
              ...(m
                ? [
                    {
                      title: t('common.actions'),
                      key: 'act',
                      width: 80,
                      render: (_: unknown, r: Objection) =>
                        r.status === 'open' && (
                          <Button
                            size="small"
                            type="link"
                            onClick={() => setResolving(r)}
                            data-testid={`resolve-${r.id}`}
                          >
                            {t('objection.resolve')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}

      {/* 确认结果 */}
      <div className="section-title">{t('step.finalize')}</div>
      {plan.status === 'finalized' ? (
        <Space size={32} className="result-stats" data-testid="final-stats">
          <Statistic title={t('results.candidates')} value={eligible.length} />
          <Statistic title={t('result.passed')} value={passed.length} styles={{ content: { color: '#389e0d' } }} />
          <Statistic
            title={t('result.failed')}
            value={eligible.length - passed.length}
            styles={{ content: { color: '#cf1322' } }}
          />
          <Statistic
            title={t('results.finalizedAt')}
            value={formatDateTime(plan.finalizedAt)}
            styles={{ content: { fontSize: 15 } }}
          />
        </Space>
      ) : (
        <div className="plan-step-action left">
          <span className="muted">
            {plan.status === 'results_published'
              ? t('results.finalizeHint', { date: plainDate(plan.publicityUntil) })
              : t('results.finalizeLater')}
          </span>
          {m && plan.status === 'results_published' && (
            <Popconfirm
              title={t('results.finalizeConfirm')}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={finalize}
            >
              <Button
                type="primary"
                icon={<CheckSquareOutlined />}
                loading={busy === 'finalize'}
                data-testid="results-finalize"
              >
                {t('results.finalize')}
              </Button>
            </Popconfirm>
          )}
        </div>
      )}

      {/* 发证 */}
      <div className="section-title">{t('step.issue')}</div>
      {plan.status !== 'finalized' ? (
        <div className="muted">{t('issue.later')}</div>
      ) : (
        <>
          <div className="plan-step-action left">
            <span className="muted">
              {toIssue.length ? t('issue.hint', { n: toIssue.length }) : t('issue.allIssued', { n: withCert.length })}
            </span>
            {m && toIssue.length > 0 && (
              <Popconfirm
                title={t('issue.confirm', { n: toIssue.length })}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
                onConfirm={issue}
              >
                <Button
                  type="primary"
                  icon={<SafetyCertificateOutlined />}
                  loading={busy === 'issue'}
                  data-testid="issue"
                >
                  {t('issue.button')}
                </Button>
              </Popconfirm>
            )}
            {m && withCert.length > 0 && (
              <Button icon={<CloudDownloadOutlined />} loading={busy === 'zip'} onClick={zip} data-testid="issue-zip">
                {t('issue.zip')}
              </Button>
            )}
          </div>
          {busy === 'issue' && issueJob && <JobProgress job={issueJob} testId="issue-progress" />}
          {issued && (
            <Alert
              type="success"
              showIcon
              className="plan-alert"
              data-testid="issue-result"
              title={t('issue.result', { n: issued.issued })}
              description={
                <>
                  <div className="number-list">
                    {issued.numbers.map((n) => (
                      <span key={n} className="mono">
                        {n}
                      </span>
                    ))}
                  </div>
                  {issued.issued > issued.numbers.length && (
                    <p className="muted">{t('issue.numbersFirst', { n: ISSUE_RESULT_NUMBERS })}</p>
                  )}
                  <p data-testid="issue-credentials">{signingText(issued.credentials, t, lang)}</p>
                </>
              }
            />
          )}
          {passed.length > 0 && (
            <Card
              size="small"
              className="plan-card"
              title={
                <span>
                  <FileDoneOutlined /> {t('issue.listTitle')}
                </span>
              }
            >
              <Table<Registration>
                size="small"
                rowKey="id"
                dataSource={passed}
                pagination={passed.length > 20 ? { pageSize: 20 } : false}
                data-testid="issued-table"
                columns={[
                  { title: t('reg.name'), dataIndex: 'name', width: 120 },
                  {
                    title: t('reg.idNumber'),
                    dataIndex: 'idNumber',
                    render: (v: string, r: { id: number }) => <IdNumber masked={v} kind="registrations" id={r.id} />,
                  },
                  {
                    title: t('score.outcome'),
                    dataIndex: 'result',
                    width: 90,
                    render: () => <Tag color="green">{t('result.passed')}</Tag>,
                  },
                  {
                    title: t('issue.certificate'),
                    dataIndex: 'certificateId',
                    width: 160,
                    render: (v: number | null) =>
                      v ? (
                        <Button size="small" type="link" onClick={() => setCert(v)} data-testid={`open-cert-${v}`}>
                          {t('issue.view')}
                        </Button>
                      ) : (
                        <Tag>{t('issue.notYet')}</Tag>
                      ),
                  },
                ]}
              />
            </Card>
          )}
        </>
      )}
      {plan.status === 'results_published' && openObjections > 0 && (
        <Alert
          type="warning"
          showIcon
          className="plan-alert"
          style={{ marginTop: 12 }}
          title={t('objection.blocking', { n: openObjections })}
        />
      )}
      <ObjectionModal ctx={ctx} open={raising} onClose={() => setRaising(false)} />
      <ResolveModal ctx={ctx} objection={resolving} onClose={() => setResolving(null)} />
      <CertificateDrawer id={cert} onClose={() => setCert(null)} onChanged={() => void ctx.reload()} />
    </div>
  );
}

/** The credential-signing backlog in a sentence: progress, and the expected time at the measured rate. */
function signingText(b: SigningBacklog, t: ReturnType<typeof useI18n>['t'], lang: string): string {
  if (b.pending === 0) return t('issue.credentialsDone');
  if (b.expectedSeconds === null || b.ratePerSecond === null)
    return t('issue.credentialsUnmeasured', { done: b.done, total: b.total });
  return t('issue.credentials', {
    done: b.done,
    total: b.total,
    rate: b.ratePerSecond,
    time: durationText(b.expectedSeconds, lang),
  });
}
