/**
 * 证书 — the institution's own certificates (full ID numbers) or, for officials, every certificate
 * issued by institutions in their region (ID numbers masked). A row opens the certificate with
 * its history, PDF and the actions the role may take (CERT-11, CERT-12).
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Input, Select, Space, Table, Tooltip } from 'antd';
import { CloudDownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type Certificate, type CertificateFilter } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { OccupationSelect } from '../../components/OccupationSelect';
import { InstitutionPicker } from '../../components/InstitutionPicker';
import { errorContent } from '../../components/ApiErrorView';
import { levelText } from '../institutions/InstitutionStatus';
import { CertStatusTag, pathwayLabel, plainDate } from '../plans/labels';
import { CertificateDrawer } from './CertificateDrawer';
import '../plans/plans.css';
import { IdNumber } from '../../components/IdNumber';

export default function CertificatesPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const official = !me.scope.institutionId;
  const [filter, setFilter] = useState<CertificateFilter & { page: number; pageSize: number }>({
    page: 1,
    pageSize: 20,
  });
  const [qText, setQText] = useState('');
  const { data, error, loading, reload } = useLoad(() => api.certificates(filter), [filter]);
  const [open, setOpen] = useState<number | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [zipping, setZipping] = useState(false);
  const set = (p: Partial<CertificateFilter>) => setFilter((f) => ({ ...f, ...p, page: 1 }));

  const zip = async () => {
    setZipping(true);
    try {
      const r = await api.certificatesZip({
        issuedFrom: range?.[0]?.format('YYYY-MM-DD'),
        issuedTo: range?.[1]?.format('YYYY-MM-DD'),
      });
      message.success(t('issue.zipDone', { n: r.header ?? '?', name: r.name }));
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setZipping(false);
    }
  };

  return (
    <div>
      <PageHeader title={official ? t('cert.listTitle') : t('cert.mineTitle')} />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('cert.searchPlaceholder')}
            style={{ width: 240 }}
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            data-testid="cert-search"
          />
          <Select
            allowClear
            placeholder={t('cert.statusFilter')}
            style={{ width: 110 }}
            value={filter.status}
            onChange={(v) => set({ status: v })}
            options={(['valid', 'suspended', 'revoked'] as const).map((s) => ({
              value: s,
              label: t(`certStatus.${s}`),
            }))}
            data-testid="cert-status-filter"
          />
          <OccupationSelect
            value={filter.occupationId}
            onChange={(v) => set({ occupationId: v })}
            style={{ width: 180 }}
          />
          <Select
            allowClear
            placeholder={t('plan.level')}
            style={{ width: 130 }}
            value={filter.level}
            onChange={(v) => set({ level: v })}
            options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))}
          />
          {official && (
            <div style={{ width: 240 }}>
              <InstitutionPicker
                value={filter.institutionId}
                onChange={(v) => set({ institutionId: v })}
                placeholder={t('cert.institutionFilter')}
                style={{ width: '100%' }}
              />
            </div>
          )}
          <span className="spacer" />
          {can(me.role, 'certificate.batch') && (
            <Space.Compact>
              <DatePicker.RangePicker
                value={range}
                onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
                placeholder={[t('cert.issuedFrom'), t('cert.issuedTo')]}
                style={{ width: 250 }}
              />
              <Tooltip title={t('cert.zipHint')}>
                <Button icon={<CloudDownloadOutlined />} loading={zipping} onClick={zip} data-testid="cert-zip">
                  {t('issue.zip')}
                </Button>
              </Tooltip>
            </Space.Compact>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Certificate>
          data-testid="cert-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: official ? 1320 : 1100 }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.status === 'revoked' ? 'row-revoked' : '')}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n: number) => t('common.total', { n: formatNumber(n) }),
            onChange: (page: number, pageSize: number) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
          columns={[
            {
              title: t('cert.number'),
              dataIndex: 'number',
              width: 215,
              render: (v: string) => <a className="mono">{v}</a>,
            },
            { title: t('cert.holder'), dataIndex: 'holderName', width: 90 },
            {
              title: t('cert.idNumber'),
              dataIndex: 'holderIdNumber',
              width: 210,
              render: (v: string, r) => <IdNumber masked={v} kind="certificates" id={r.id} />,
            },
            {
              title: t('cert.occupation'),
              dataIndex: 'occupationName',
              width: official ? 160 : undefined,
              render: (v: string, r) => (
                <span>
                  {v}
                  {r.workType ? `（${r.workType}）` : ''}
                </span>
              ),
            },
            {
              title: t('cert.level'),
              dataIndex: 'level',
              width: 120,
              render: (v: number, r) => (lang === 'zh' ? r.levelLabel : levelText(v, lang)),
            },
            { title: t('cert.pathway'), dataIndex: 'pathway', width: 100, render: (v: string) => pathwayLabel(t, v) },
            ...(official ? [{ title: t('cert.institution'), dataIndex: 'institutionName' }] : []),
            { title: t('cert.issuedOn'), dataIndex: 'issuedOn', width: 110, render: (v: string) => plainDate(v) },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 86,
              fixed: 'right' as const,
              render: (v: string) => <CertStatusTag status={v} />,
            },
          ]}
        />
      </Card>
      <CertificateDrawer id={open} onClose={() => setOpen(null)} onChanged={() => void reload()} />
    </div>
  );
}
