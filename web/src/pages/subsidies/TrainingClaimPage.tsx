/**
 * 新建培训补贴申领 (TRAIN-1, TRAIN-9, TRAIN-10, SUB-1), for a training provider: choose one of its
 * approved subsidised classes and see what the platform computes for each trainee — the compliant
 * hours against the approved plan, the outcome (a certificate obtained by evaluation, a 培训合格证书,
 * a failed or missing assessment), the amount at the province's training standard for it, or the
 * reason it cannot be claimed — then keep the eligible trainees as a draft. Nothing is typed in.
 */
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { api, type TrainingClaimTrainee } from '../../api';
import { formatNumber, useI18n, type Translate, type Lang } from '../../i18n';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { useLoad } from '../../components/useLoad';
import { useSubmit } from '../../components/useSubmit';
import { useUrlState } from '../../components/useUrlState';
import { RuleHint } from '../pathways/PathwayParts';
import { levelText } from '../institutions/InstitutionStatus';
import { plainDate } from '../plans/labels';
import { SUBSIDY_TITLE_MAX_LENGTH } from '../../../../contract/limits.js';
import { TRAINING_OUTCOMES, type TrainingOutcome } from '../../../../contract/subsidy-workflow.js';
import { reasonText, yuanText } from './labels';
import '../plans/plans.css';

const OUTCOME_COLOR: Record<TrainingOutcome, string> = {
  certificate: 'green',
  completion_certificate: 'green',
  passed_hours_short: 'orange',
  failed: 'red',
  none: 'default',
};
export const outcomeText = (o: TrainingOutcome, lang: Lang) =>
  lang === 'zh' ? TRAINING_OUTCOMES[o].zh : TRAINING_OUTCOMES[o].en;

function traineeColumns(t: Translate, lang: Lang) {
  return [
    { title: t('sub.person'), dataIndex: 'name', width: 80 },
    {
      title: t('sub.tc.hours'),
      key: 'hours',
      width: 100,
      render: (_: unknown, r: TrainingClaimTrainee) => (
        <span className={r.hoursComplete ? undefined : 'err-text'} data-testid="tc-hours">
          {r.hoursCounted} / {r.hoursPlanned}
        </span>
      ),
    },
    {
      title: t('sub.tc.outcome'),
      dataIndex: 'outcome',
      width: 170,
      render: (o: TrainingOutcome) => (
        <Tag color={OUTCOME_COLOR[o]} data-testid="tc-outcome">
          {outcomeText(o, lang)}
        </Tag>
      ),
    },
    {
      title: t('sub.certificate'),
      dataIndex: 'certificateNumber',
      width: 190,
      render: (v: string | null) => (v ? <span className="mono small">{v}</span> : '—'),
    },
    {
      title: t('sub.level'),
      dataIndex: 'level',
      width: 110,
      render: (v: number | null) => (v === null ? '—' : v === 0 ? t('sub.tc.completionLevel') : levelText(v, lang)),
    },
    {
      title: t('sub.tc.outcomeDate'),
      dataIndex: 'basisDate',
      width: 100,
      render: (v: string | null) => (v ? plainDate(v) : '—'),
    },
    {
      title: t('sub.amount'),
      dataIndex: 'amountFen',
      width: 100,
      align: 'right' as const,
      render: (v: number, r: TrainingClaimTrainee) =>
        r.reason ? <span className="muted">—</span> : <span data-testid="tc-amount">{yuanText(v)}</span>,
    },
    {
      title: t('sub.reason'),
      dataIndex: 'reason',
      render: (_: unknown, r: TrainingClaimTrainee) =>
        r.reason ? (
          <Space size={4} data-testid="line-reason">
            <RuleTag rule={r.rule!} />
            <span className="err-text">{reasonText(r.reason, lang)}</span>
          </Space>
        ) : null,
    },
  ];
}

export default function TrainingClaimPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [state, setState] = useUrlState({ class: 0 }, { class: 'number' });
  const [form] = Form.useForm<{ title?: string }>();
  const classes = useLoad(() => api.trainingClasses({ status: 'approved', pageSize: 100 }), []);
  const preview = useLoad(
    () => (state.class ? api.previewTrainingClaim(state.class) : Promise.resolve(null)),
    [state.class],
  );
  const create = useSubmit();
  const p = preview.data;
  const options = (classes.data?.items ?? [])
    .filter((c) => c.subsidised)
    .map((c) => ({ value: c.id, label: `${c.title} · ${c.occupationName} · ${plainDate(c.startDate)}` }));

  return (
    <div>
      <PageHeader title={t('sub.tc.title')} />
      <RuleHint rule="TRAIN-9">{t('sub.tc.intro')}</RuleHint>
      <Card size="small" className="plan-card">
        <Form form={form} layout="inline" name="training-claim">
          <Form.Item label={t('sub.tc.class')}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 420 }}
              loading={classes.loading}
              value={state.class || undefined}
              placeholder={t('sub.tc.classPlaceholder')}
              options={options}
              onChange={(v: number) => setState({ class: v })}
              data-testid="tc-class"
            />
          </Form.Item>
          <Form.Item name="title" label={t('sub.claimTitle')}>
            <Input
              maxLength={SUBSIDY_TITLE_MAX_LENGTH}
              placeholder={t('sub.tc.titlePlaceholder')}
              style={{ width: 280 }}
              data-testid="tc-title"
            />
          </Form.Item>
        </Form>
        <ErrorAlert error={classes.error ?? preview.error} style={{ marginTop: 12 }} />
      </Card>
      {p && (
        <div data-testid="tc-preview">
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('sub.tc.eligible')}
                  value={p.eligibleCount}
                  suffix={t('sub.tc.unitPeople')}
                  styles={{ content: { color: '#389e0d' } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sub.eligibleAmount')} value={yuanText(p.eligibleFen)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('sub.tc.ineligible')}
                  value={p.ineligibleCount}
                  suffix={t('sub.tc.unitPeople')}
                  styles={{ content: { color: p.ineligibleCount ? '#cf1322' : undefined } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sub.tc.occupation')} value={p.occupationName} />
              </Card>
            </Col>
          </Row>
          {p.ineligibleCount > 0 && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('sub.tc.ineligibleTitle')} />
          )}
          <Card size="small" title={t('sub.tc.trainees', { title: p.classTitle, n: formatNumber(p.trainees.length) })}>
            <Table<TrainingClaimTrainee>
              size="small"
              rowKey="traineeId"
              dataSource={p.trainees}
              pagination={p.trainees.length > 50 ? { pageSize: 50 } : false}
              scroll={{ x: 1150 }}
              data-testid="tc-trainees"
              columns={traineeColumns(t, lang)}
            />
            <ErrorAlert error={create.error} style={{ marginTop: 12 }} />
            <div style={{ marginTop: 12, textAlign: 'right' }}>
              <Button
                type="primary"
                icon={<FileAddOutlined />}
                disabled={!p.eligibleCount}
                loading={create.busy}
                data-testid="tc-create"
                onClick={async () => {
                  const title = form.getFieldValue('title') as string | undefined;
                  let id = 0;
                  const ok = await create.run(async () => {
                    id = (await api.createTrainingClaim({ classId: p.classId, title: title?.trim() || undefined })).id;
                  });
                  if (ok) navigate(`/subsidies/${id}`);
                }}
              >
                {t('sub.tc.create', { n: formatNumber(p.eligibleCount), amount: yuanText(p.eligibleFen) })}
              </Button>
            </div>
          </Card>
        </div>
      )}
    </div>
  );
}
