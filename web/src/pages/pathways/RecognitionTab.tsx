/**
 * 1+X 直接认定 (CERT-3): the school records a 1+X certificate its own student holds — certificate,
 * level, number, date of issue and the certificate's scan (the issuing organisation is the
 * catalogue's) — and then recognises a recorded holding, once, in the occupation the certificate
 * maps to: 高级、中级 → 三级, 初级 → 四级.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Popconfirm, Radio, Select, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { UploadFile } from 'antd/es/upload/interface';
import { api, type Holding, type PathwayIssued } from '../../api';
import type { OnePlusX } from '../../../../contract/api.js';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { ErrorAlert } from '../../components/ApiErrorView';
import { applyFieldErrors } from '../../components/formErrors';
import { useSubmit } from '../../components/useSubmit';
import { levelText } from '../institutions/InstitutionStatus';
import { ONE_PLUS_X_NUMBER_MAX_LENGTH, ONE_PLUS_X_NUMBER_MIN_LENGTH } from '../../../../contract/limits.js';
import { IDENTITY_FIELDS, IdentityFields, identity, identityDefaults, IssuedAlert, RuleHint } from './PathwayParts';

const SCAN_TYPES = '.pdf,.png,.jpg,.jpeg';

function RecordForm({ onRecorded }: { onRecorded: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [certs, setCerts] = useState<OnePlusX[]>([]);
  const { busy, error, run } = useSubmit();
  useEffect(() => {
    api.onePlusX({ pageSize: 200 }).then(
      (r) => setCerts(r.items.filter((c) => c.active)),
      () => setCerts([]),
    );
  }, []);
  const finish = async (v: Record<string, unknown>) => {
    const file = (v.file as UploadFile[])[0].originFileObj as File;
    await run(
      async () => {
        const h = await api.recordHolding(
          {
            ...identity(v as never),
            certificateId: v.certificateId as number,
            xLevel: v.xLevel as 'junior',
            number: String(v.number).trim(),
            issuedOn: (v.issuedOn as Dayjs).format('YYYY-MM-DD'),
          },
          file,
        );
        message.success(t('holding.recorded', { name: h.name, number: h.number }));
        form.resetFields();
        onRecorded();
      },
      (e) => applyFieldErrors(form, e, IDENTITY_FIELDS),
    );
  };
  return (
    <Card size="small" className="plan-card" title={t('holding.title')}>
      <RuleHint rule="CERT-3">{t('holding.hint')}</RuleHint>
      <ErrorAlert error={error} testId="holding-error" />
      <Form
        form={form}
        layout="vertical"
        name="holding"
        onFinish={finish}
        initialValues={{ ...identityDefaults(), xLevel: 'intermediate' }}
      >
        <IdentityFields />
        <div className="muted small" style={{ marginTop: -8, marginBottom: 12 }}>
          {t('holding.studentHint')}
        </div>
        <div className="form-grid">
          <Form.Item
            name="certificateId"
            label={t('pathway.oneplusx')}
            rules={[{ required: true }]}
            style={{ gridColumn: 'span 2' }}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={certs.map((c) => ({
                value: c.id,
                label: c.name,
                org: c.organisation,
                unmapped: !c.mappedOccupationId,
              }))}
              optionRender={(o) => (
                <span>
                  {o.data.label}{' '}
                  <span className="muted small">
                    {o.data.org}
                    {o.data.unmapped ? ` · ${t('pathway.notMapped')}` : ''}
                  </span>
                </span>
              )}
            />
          </Form.Item>
          <Form.Item name="xLevel" label={t('pathway.xLevel')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={(['junior', 'intermediate', 'senior'] as const).map((x) => ({
                value: x,
                label: t(`xLevel.${x}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="number"
            label={t('pathway.xNumber')}
            rules={[{ required: true, whitespace: true, min: ONE_PLUS_X_NUMBER_MIN_LENGTH }]}
          >
            <Input maxLength={ONE_PLUS_X_NUMBER_MAX_LENGTH} className="mono" />
          </Form.Item>
          <Form.Item name="issuedOn" label={t('pathway.xIssuedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="file"
            label={t('holding.file')}
            valuePropName="fileList"
            getValueFromEvent={(e: { fileList?: UploadFile[] }) => e?.fileList?.slice(-1) ?? []}
            rules={[{ required: true, message: t('holding.fileRequired') }]}
            extra={t('holding.fileHint')}
          >
            <Upload accept={SCAN_TYPES} maxCount={1} beforeUpload={() => false} data-testid="holding-file">
              <Button icon={<UploadOutlined />}>{t('holding.selectFile')}</Button>
            </Upload>
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="holding-submit">
          {t('holding.record')}
        </Button>
      </Form>
    </Card>
  );
}

function HoldingsTable({ onIssued }: { onIssued: () => void }) {
  const { t, lang } = useI18n();
  const holdings = useLoad(() => api.holdings(), []);
  const [issued, setIssued] = useState<PathwayIssued | null>(null);
  const { busy, error, run } = useSubmit();
  const [working, setWorking] = useState<number | null>(null);
  const recognise = async (h: Holding) => {
    setIssued(null);
    setWorking(h.id);
    await run(async () => {
      setIssued(await api.recognize(h.id, h.mappedOccupationId!));
      onIssued();
    });
    setWorking(null);
    void holdings.reload();
  };
  const rows = holdings.data ?? [];
  return (
    <Card size="small" className="plan-card" title={t('holding.listTitle', { n: rows.length })}>
      <IssuedAlert r={issued} />
      <ErrorAlert error={error} testId="recognition-error" />
      {holdings.error ? <LoadError error={holdings.error} onRetry={holdings.reload} /> : null}
      <Table<Holding>
        size="small"
        rowKey="id"
        loading={holdings.loading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 1000 }}
        data-testid="holding-table"
        columns={[
          { title: t('holding.student'), dataIndex: 'name', width: 90 },
          {
            title: t('pathway.oneplusx'),
            key: 'cert',
            render: (_: unknown, h) => (
              <span>
                {h.certificate}
                <div className="muted small">{h.organisation ?? '—'}</div>
              </span>
            ),
          },
          { title: t('pathway.xLevel'), dataIndex: 'xLevel', width: 70, render: (v: 'junior') => t(`xLevel.${v}`) },
          {
            title: t('pathway.xNumber'),
            dataIndex: 'number',
            width: 170,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          { title: t('pathway.xIssuedOn'), dataIndex: 'issuedOn', width: 100 },
          {
            title: t('holding.recognisedAs'),
            key: 'as',
            width: 170,
            render: (_: unknown, h) =>
              h.mappedOccupationName ? (
                `${h.mappedOccupationName} · ${levelText(h.recognitionLevel, lang)}`
              ) : (
                <Tag>{t('pathway.notMapped')}</Tag>
              ),
          },
          {
            title: t('holding.evidence'),
            key: 'evidence',
            width: 90,
            render: (_: unknown, h) =>
              h.evidence ? (
                <Button
                  size="small"
                  type="link"
                  icon={<DownloadOutlined />}
                  onClick={() => void api.downloadHoldingEvidence(h.id, h.evidence!.fileName)}
                >
                  {t('holding.download')}
                </Button>
              ) : (
                <Tag color="warning">{t('holding.noEvidence')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'act',
            width: 150,
            fixed: 'right',
            render: (_: unknown, h) =>
              h.recognisedAt ? (
                <Tag color="success">{t('holding.recognised', { date: h.recognisedAt.slice(0, 10) })}</Tag>
              ) : (
                <Popconfirm
                  title={t('holding.recogniseConfirm', {
                    occupation: h.mappedOccupationName ?? '',
                    level: levelText(h.recognitionLevel, lang),
                  })}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => recognise(h)}
                  disabled={!h.mappedOccupationId || !h.evidence}
                >
                  <Button
                    size="small"
                    type="primary"
                    icon={<SafetyCertificateOutlined />}
                    disabled={!h.mappedOccupationId || !h.evidence}
                    loading={busy && working === h.id}
                    data-testid="holding-recognise"
                  >
                    {t('holding.recognise')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function RecognitionTab({ onIssued }: { onIssued: () => void }) {
  const [version, setVersion] = useState(0);
  return (
    <div>
      <RecordForm onRecorded={() => setVersion((v) => v + 1)} />
      <HoldingsTable key={version} onIssued={onIssued} />
    </div>
  );
}
