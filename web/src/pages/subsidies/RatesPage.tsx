/**
 * 补贴标准 (SUB-1): the province HRSS's rates with their validity — training and evaluation by level,
 * special-ability assessment, and the share paid for direct recognition — loaded with Henan's
 * published standards (豫人社规〔2022〕2号). A standard changes from a date by closing the rate in
 * force and adding the next; a rate used by claim lines keeps its amount.
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type Rate } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDateTime, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { useSubmit } from '../../components/useSubmit';
import { RuleHint } from '../pathways/PathwayParts';
import { levelText } from '../institutions/InstitutionStatus';
import { plainDate } from '../plans/labels';
import { RATE_KINDS, type RateKind } from '../../../../contract/subsidy-workflow.js';
import { rateKindText, yuanText } from './labels';
import '../plans/plans.css';

const LEVELLED: RateKind[] = ['training', 'evaluation'];

interface RateValues {
  kind: RateKind;
  level?: number;
  yuan?: number;
  percent?: number;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
  source?: string;
}

function RateModal({
  rate,
  open,
  onClose,
  onSaved,
}: {
  rate: Rate | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RateValues>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const kind = Form.useWatch('kind', form) ?? rate?.kind ?? 'evaluation';
  const used = (rate?.usedLines ?? 0) > 0;
  return (
    <Modal
      open={open}
      title={rate ? t('sub.rate.editTitle') : t('sub.rate.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'rate-save' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="rate"
        initialValues={
          rate
            ? {
                kind: rate.kind,
                level: rate.level,
                yuan: rate.amountFen === null ? undefined : rate.amountFen / 100,
                percent: rate.percent ?? undefined,
                validFrom: dayjs(rate.validFrom),
                validTo: rate.validTo ? dayjs(rate.validTo) : null,
                source: rate.source ?? '',
              }
            : { kind: 'evaluation', level: 5, validFrom: dayjs() }
        }
        onFinish={async (v) => {
          const money = v.kind !== 'recognition_share';
          const ok = await run(async () => {
            if (rate)
              await api.patchSubsidyRate(rate.id, {
                ...(used
                  ? {}
                  : money
                    ? { amountFen: Math.round((v.yuan ?? 0) * 100) }
                    : { percent: v.percent ?? null }),
                validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
                source: v.source?.trim() || null,
              });
            else
              await api.createSubsidyRate({
                kind: v.kind,
                level: LEVELLED.includes(v.kind) ? (v.level ?? 5) : 0,
                ...(money ? { amountFen: Math.round((v.yuan ?? 0) * 100) } : { percent: v.percent ?? null }),
                validFrom: v.validFrom.format('YYYY-MM-DD'),
                validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
                source: v.source?.trim() || null,
              });
          });
          if (ok) {
            message.success(t('common.saved'));
            onSaved();
            onClose();
          }
        }}
      >
        <div className="form-grid">
          <Form.Item name="kind" label={t('sub.rate.kind')} rules={[{ required: true }]}>
            <Select
              disabled={!!rate}
              options={(Object.keys(RATE_KINDS) as RateKind[]).map((k) => ({ value: k, label: rateKindText(k, lang) }))}
              data-testid="rate-kind"
            />
          </Form.Item>
          {LEVELLED.includes(kind) && (
            <Form.Item name="level" label={t('sub.level')} rules={[{ required: true }]}>
              <Select
                disabled={!!rate}
                options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))}
              />
            </Form.Item>
          )}
          {kind === 'recognition_share' ? (
            <Form.Item name="percent" label={t('sub.rate.percent')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100} precision={0} disabled={used} style={{ width: '100%' }} addonAfter="%" />
            </Form.Item>
          ) : (
            <Form.Item name="yuan" label={t('sub.rate.amount')} rules={[{ required: true }]}>
              <InputNumber
                min={0}
                max={100000}
                precision={2}
                disabled={used}
                style={{ width: '100%' }}
                addonBefore="¥"
                data-testid="rate-amount"
              />
            </Form.Item>
          )}
          <Form.Item name="validFrom" label={t('sub.rate.validFrom')} rules={[{ required: true }]}>
            <DatePicker disabled={!!rate} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="validTo" label={t('sub.rate.validTo')} extra={t('sub.rate.validToHint')}>
            <DatePicker style={{ width: '100%' }} data-testid="rate-valid-to" />
          </Form.Item>
          <Form.Item name="source" label={t('sub.rate.source')}>
            <Input maxLength={200} />
          </Form.Item>
        </div>
        {used && <div className="warn-box">{t('sub.rate.usedHint', { n: formatNumber(rate!.usedLines) })}</div>}
      </Form>
    </Modal>
  );
}

export default function RatesPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useLoad(() => api.subsidyRates(), []);
  const [editing, setEditing] = useState<Rate | null | 'new'>(null);
  const editable = can(me.role, 'subsidy.rate.edit');
  return (
    <div>
      <PageHeader
        title={t('sub.ratesTitle')}
        extra={
          editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="rate-add">
              {t('sub.rate.addTitle')}
            </Button>
          )
        }
      />
      <RuleHint rule="SUB-1">{t('sub.ratesIntro')}</RuleHint>
      <Card size="small">
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Rate>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={false}
          data-testid="rates-table"
          columns={[
            {
              title: t('sub.rate.kind'),
              dataIndex: 'kind',
              width: 220,
              render: (v: RateKind) => rateKindText(v, lang),
            },
            {
              title: t('sub.level'),
              dataIndex: 'level',
              width: 140,
              render: (v: number) => (v ? levelText(v, lang) : '—'),
            },
            {
              title: t('sub.rate.standard'),
              key: 'amount',
              width: 130,
              align: 'right',
              render: (_: unknown, r) => (r.percent !== null ? `${r.percent}%` : yuanText(r.amountFen)),
            },
            {
              title: t('sub.rate.validity'),
              key: 'valid',
              width: 230,
              render: (_: unknown, r) => (
                <span>
                  {plainDate(r.validFrom)} ~{' '}
                  {r.validTo ? plainDate(r.validTo) : <Tag color="green">{t('sub.rate.open')}</Tag>}
                </span>
              ),
            },
            { title: t('sub.rate.source'), dataIndex: 'source', width: 200 },
            {
              title: t('sub.rate.used'),
              dataIndex: 'usedLines',
              width: 100,
              align: 'right',
              render: (v: number) => formatNumber(v),
            },
            {
              title: t('sub.rate.updated'),
              key: 'upd',
              width: 200,
              render: (_: unknown, r) => (
                <span className="small">
                  {formatDateTime(r.updatedAt)} {r.updatedByName ?? t('sub.rate.default')}
                </span>
              ),
            },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'act',
                    width: 90,
                    render: (_: unknown, r: Rate) => (
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(r)}
                        data-testid={`rate-edit-${r.id}`}
                      >
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <RateModal
        rate={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={() => void reload()}
      />
    </div>
  );
}
