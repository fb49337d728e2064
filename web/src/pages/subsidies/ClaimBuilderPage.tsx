/**
 * 新建评价补贴申领 (SUB-1), for a filed evaluation institution: choose the issue dates of its
 * certificates, see what the platform computes — the lines that may be claimed with their amounts
 * by level, and the ones that may not with their reasons (already paid or claimed elsewhere, a
 * revoked certificate, no rate on the date) — then keep the eligible ones as a draft. No amount is
 * typed: the province's rate in force on each certificate's issue date decides it.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Space, Statistic, Table, Tag } from 'antd';
import { EyeOutlined, FileAddOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type ClaimLine, type ClaimPreview } from '../../api';
import { formatNumber, useI18n } from '../../i18n';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { useSubmit } from '../../components/useSubmit';
import { RuleHint } from '../pathways/PathwayParts';
import { levelText } from '../institutions/InstitutionStatus';
import { SUBSIDY_PREVIEW_LINES, SUBSIDY_TITLE_MAX_LENGTH } from '../../../../contract/limits.js';
import { lineColumns, reasonText, yuanText } from './labels';
import '../plans/plans.css';

interface Values {
  range: [Dayjs, Dayjs];
  title?: string;
}

export function LinesTable({ lines, testId }: { lines: ClaimLine[]; testId: string }) {
  const { t, lang } = useI18n();
  return (
    <Table<ClaimLine>
      size="small"
      rowKey={(r, i) => `${r.certificateId ?? r.learnerId}-${i}`}
      dataSource={lines}
      pagination={lines.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: 1100 }}
      data-testid={testId}
      columns={lineColumns(t, lang, false)}
    />
  );
}

export default function ClaimBuilderPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [preview, setPreview] = useState<ClaimPreview | null>(null);
  const look = useSubmit();
  const create = useSubmit();
  const body = (v: Values) => ({
    kind: 'evaluation' as const,
    issuedFrom: v.range[0].format('YYYY-MM-DD'),
    issuedTo: v.range[1].format('YYYY-MM-DD'),
  });

  return (
    <div>
      <PageHeader title={t('sub.builderTitle')} />
      <RuleHint rule="SUB-1">{t('sub.builderIntro')}</RuleHint>
      <Card size="small" className="plan-card">
        <Form
          form={form}
          layout="inline"
          name="claim"
          initialValues={{ range: [dayjs().startOf('year'), dayjs()] }}
          onFinish={async (v) => {
            await look.run(async () => setPreview(await api.previewClaim(body(v))));
          }}
          onValuesChange={() => setPreview(null)}
        >
          <Form.Item name="range" label={t('sub.issuedRange')} rules={[{ required: true }]}>
            <DatePicker.RangePicker allowClear={false} data-testid="claim-range" />
          </Form.Item>
          <Form.Item name="title" label={t('sub.claimTitle')}>
            <Input
              maxLength={SUBSIDY_TITLE_MAX_LENGTH}
              placeholder={t('sub.titlePlaceholder')}
              style={{ width: 280 }}
              data-testid="claim-title"
            />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<EyeOutlined />} loading={look.busy} data-testid="claim-preview">
              {t('sub.preview')}
            </Button>
          </Form.Item>
        </Form>
        <ErrorAlert error={look.error} style={{ marginTop: 12 }} />
      </Card>
      {preview && (
        <div data-testid="claim-preview-result">
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('sub.eligible')}
                  value={preview.eligibleCount}
                  suffix={t('sub.unitLines')}
                  styles={{ content: { color: '#389e0d' } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('sub.eligibleAmount')} value={yuanText(preview.eligibleFen)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('sub.ineligible')}
                  value={preview.ineligibleCount}
                  suffix={t('sub.unitLines')}
                  styles={{ content: { color: preview.ineligibleCount ? '#cf1322' : undefined } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" title={t('sub.byLevel')} styles={{ body: { padding: 8 } }}>
                {preview.byLevel.map((l) => (
                  <div key={l.level} className="small">
                    {t('sub.levelLine', {
                      level: levelText(l.level, lang, true),
                      n: formatNumber(l.count),
                      amount: yuanText(l.amountFen),
                    })}
                  </div>
                ))}
              </Card>
            </Col>
          </Row>
          {preview.byReason.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('sub.ineligibleTitle')}
              description={
                <Space wrap data-testid="claim-reasons">
                  {preview.byReason.map((r) => (
                    <Tag key={r.reason} color="red">
                      {r.rule} {reasonText(r.reason, lang)}：{formatNumber(r.count)}
                    </Tag>
                  ))}
                </Space>
              }
            />
          )}
          <Card
            size="small"
            title={t('sub.previewLines', {
              shown: formatNumber(preview.lines.length),
              n: formatNumber(preview.eligibleCount + preview.ineligibleCount),
            })}
            extra={
              preview.eligibleCount + preview.ineligibleCount > SUBSIDY_PREVIEW_LINES ? (
                <span className="muted small">{t('sub.previewCapped', { n: SUBSIDY_PREVIEW_LINES })}</span>
              ) : null
            }
          >
            <LinesTable lines={preview.lines} testId="claim-preview-lines" />
            <ErrorAlert error={create.error} style={{ marginTop: 12 }} />
            <div style={{ marginTop: 12, textAlign: 'right' }}>
              <Button
                type="primary"
                icon={<FileAddOutlined />}
                disabled={!preview.eligibleCount}
                loading={create.busy}
                data-testid="claim-create"
                onClick={async () => {
                  const v = form.getFieldsValue();
                  let id = 0;
                  const ok = await create.run(async () => {
                    id = (await api.createClaim({ ...body(v), title: v.title?.trim() || undefined })).id;
                  });
                  if (ok) navigate(`/subsidies/${id}`);
                }}
              >
                {t('sub.createDraft', {
                  n: formatNumber(preview.eligibleCount),
                  amount: yuanText(preview.eligibleFen),
                })}
              </Button>
            </div>
          </Card>
        </div>
      )}
    </div>
  );
}
