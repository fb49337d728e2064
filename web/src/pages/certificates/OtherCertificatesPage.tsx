/**
 * 其他类证书: the 国家职业资格证书, 专项职业能力证书 and 特种作业操作证 HRSS records for people, so that
 * training claims (TRAIN-9) and graduates' coverage (CERT-9) count them. ID numbers are masked.
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type OtherCertificate, type OtherCertificateKind, type Paged } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { useSubmit } from '../../components/useSubmit';
import { OccupationSelect } from '../../components/OccupationSelect';
import { WorkbookImportModal } from '../../components/WorkbookImportModal';
import { RuleHint } from '../pathways/PathwayParts';
import { levelText } from '../institutions/InstitutionStatus';
import { plainDate } from '../plans/labels';
import { CERTIFICATE_ROUTES, CERTIFICATE_ROUTES_EN, OTHER_CERTIFICATES } from '../../../../contract/training.js';
import type { Lang } from '../../i18n';

export const otherKindText = (k: OtherCertificateKind, lang: Lang) =>
  lang === 'zh' ? CERTIFICATE_ROUTES[k] : CERTIFICATE_ROUTES_EN[k];

interface Values {
  kind: OtherCertificateKind;
  name: string;
  idNumber: string;
  occupationId: number;
  item?: string;
  level?: number;
  number: string;
  issuedOn: Dayjs;
  issuingBody: string;
}

function RecordModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const kind = Form.useWatch('kind', form) ?? 'qualification';
  return (
    <Modal
      open={open}
      title={t('other.recordTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'other-save' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="other-certificate"
        initialValues={{ kind: 'qualification', level: 4, issuedOn: dayjs() }}
        onFinish={async (v) => {
          const ok = await run(() =>
            api.recordOtherCertificate({
              kind: v.kind,
              name: v.name.trim(),
              idNumber: v.idNumber.trim(),
              occupationId: v.occupationId,
              item: v.item?.trim() || null,
              level: v.kind === 'qualification' ? (v.level ?? null) : null,
              number: v.number.trim(),
              issuedOn: v.issuedOn.format('YYYY-MM-DD'),
              issuingBody: v.issuingBody.trim(),
            }),
          );
          if (ok) {
            message.success(t('common.saved'));
            onSaved();
            onClose();
          }
        }}
      >
        <div className="form-grid">
          <Form.Item name="kind" label={t('other.kind')} rules={[{ required: true }]}>
            <Select
              options={OTHER_CERTIFICATES.map((k) => ({ value: k, label: otherKindText(k, lang) }))}
              data-testid="other-kind"
            />
          </Form.Item>
          {kind === 'qualification' && (
            <Form.Item name="level" label={t('other.level')} rules={[{ required: true }]}>
              <Select options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('other.holder')} rules={[{ required: true }]}>
            <Input maxLength={40} data-testid="other-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('other.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={30} autoComplete="off" data-testid="other-id" />
          </Form.Item>
          <Form.Item name="occupationId" label={t('other.occupation')} rules={[{ required: true }]}>
            <OccupationSelect data-testid="other-occupation" />
          </Form.Item>
          <Form.Item name="item" label={t('other.item')} extra={t('other.itemHint')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="number" label={t('other.number')} rules={[{ required: true }]}>
            <Input maxLength={60} data-testid="other-number" />
          </Form.Item>
          <Form.Item name="issuedOn" label={t('other.issuedOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="issuingBody" label={t('other.issuingBody')} rules={[{ required: true }]}>
            <Input maxLength={100} data-testid="other-body" />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

/** The list, for HRSS (their region's records) and for a learner (their own, on the home page). */
export function OtherCertificatesTable({ learnerOwn = false }: { learnerOwn?: boolean }) {
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<OtherCertificateKind | undefined>();
  const [q, setQ] = useState('');
  const load = useLoad(() => api.otherCertificates({ kind, q: q || undefined, page, pageSize: 20 }), [kind, q, page]);
  return <OtherCertificatesList {...{ learnerOwn, page, setPage, kind, setKind, setQ, load }} />;
}

/** The learner's own recorded certificates on the home page: shown only when there are some. */
export function MyOtherCertificates() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const load = useLoad(() => api.otherCertificates({ page, pageSize: 20 }), [page]);
  if (!load.data?.total) return null;
  return (
    <Card
      size="small"
      title={<span className="card-title-strong">{t('other.mine')}</span>}
      style={{ marginTop: 12 }}
      data-testid="my-other-certs"
    >
      <OtherCertificatesList learnerOwn page={page} setPage={setPage} load={load} />
    </Card>
  );
}

function OtherCertificatesList({
  learnerOwn,
  page,
  setPage,
  kind,
  setKind,
  setQ,
  load: { data, error, loading, reload },
}: {
  learnerOwn: boolean;
  page: number;
  setPage: (p: number) => void;
  kind?: OtherCertificateKind;
  setKind?: (k: OtherCertificateKind | undefined) => void;
  setQ?: (q: string) => void;
  load: ReturnType<typeof useLoad<Paged<OtherCertificate>>>;
}) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { modal, message } = App.useApp();
  const editable = !learnerOwn && can(me.role, 'other_certificate.record');
  const revoke = (r: OtherCertificate) => {
    let reason = '';
    modal.confirm({
      title: t('other.revokeTitle', { number: r.number }),
      content: <Input.TextArea rows={3} maxLength={500} onChange={(e) => (reason = e.target.value)} />,
      okText: t('other.revoke'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        await api.revokeOtherCertificate(r.id, reason.trim());
        message.success(t('common.saved'));
        void reload();
      },
    });
  };
  return (
    <>
      {!learnerOwn && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('other.kind')}
            style={{ width: 220 }}
            value={kind}
            onChange={(v) => {
              setKind?.(v);
              setPage(1);
            }}
            options={OTHER_CERTIFICATES.map((k) => ({ value: k, label: otherKindText(k, lang) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('other.search')}
            style={{ width: 240 }}
            onSearch={(v) => {
              setQ?.(v.trim());
              setPage(1);
            }}
          />
        </Space>
      )}
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<OtherCertificate>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="other-table"
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: t('other.kind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: OtherCertificateKind) => otherKindText(k, lang),
          },
          { title: t('other.number'), dataIndex: 'number', width: 160 },
          ...(learnerOwn
            ? []
            : [
                {
                  title: t('other.holder'),
                  key: 'holder',
                  width: 200,
                  render: (_: unknown, r: OtherCertificate) => (
                    <span translate="no">
                      {r.holderName} <span className="small">{r.holderIdNumber}</span>
                    </span>
                  ),
                },
              ]),
          {
            title: t('other.occupation'),
            key: 'occ',
            width: 200,
            render: (_: unknown, r) => (
              <span>
                <span translate="no">{r.occupationName}</span>
                {r.item ? (
                  <span className="small" translate="no">
                    （{r.item}）
                  </span>
                ) : null}
              </span>
            ),
          },
          {
            title: t('other.level'),
            dataIndex: 'level',
            width: 110,
            render: (v: number | null) => (v ? levelText(v, lang) : '—'),
          },
          { title: t('other.issuedOn'), dataIndex: 'issuedOn', width: 110, render: (v: string) => plainDate(v) },
          {
            title: t('other.issuingBody'),
            dataIndex: 'issuingBody',
            width: 180,
            render: (v: string) => <span translate="no">{v}</span>,
          },
          {
            title: t('common.status'),
            key: 'status',
            width: 140,
            render: (_: unknown, r) =>
              r.status === 'valid' ? (
                <Tag color="green">{t('other.valid')}</Tag>
              ) : (
                <span title={r.revokeReason ?? ''}>
                  <Tag color="red">{t('other.revoked')}</Tag>
                  <span className="small">{plainDate(r.revokedOn)}</span>
                </span>
              ),
          },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  width: 90,
                  render: (_: unknown, r: OtherCertificate) =>
                    r.status === 'valid' ? (
                      <Button
                        size="small"
                        type="link"
                        danger
                        onClick={() => revoke(r)}
                        data-testid={`other-revoke-${r.id}`}
                      >
                        {t('other.revoke')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

export default function OtherCertificatesPage() {
  const me = useMe();
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  return (
    <div>
      <PageHeader
        title={t('other.title')}
        extra={
          can(me.role, 'other_certificate.record') && (
            <Space>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="other-import">
                {t('other.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="other-add">
                {t('other.recordTitle')}
              </Button>
            </Space>
          )
        }
      />
      <RuleHint rule="TRAIN-9">{t('other.intro')}</RuleHint>
      <Card size="small">
        <OtherCertificatesTable key={version} />
      </Card>
      <RecordModal open={adding} onClose={() => setAdding(false)} onSaved={() => setVersion((v) => v + 1)} />
      <WorkbookImportModal
        open={importing}
        title={t('other.importTitle')}
        step1={t('other.importStep1')}
        templateLabel={t('other.template')}
        step2={t('other.importStep2')}
        downloadTemplate={api.otherCertificateTemplate}
        start={api.importOtherCertificates}
        doneText={(n) => t('other.importDone', { n })}
        onClose={() => setImporting(false)}
        onDone={() => setVersion((v) => v + 1)}
      />
    </div>
  );
}
