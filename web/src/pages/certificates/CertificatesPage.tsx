/**
 * 证书 — the institution's own certificates (full ID numbers) or, for officials, every certificate
 * issued by institutions in their region (ID numbers masked). A row opens the certificate with
 * its history, PDF and the actions the role may take (CERT-11, CERT-12).
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Input, Progress, Select, Space, Table, Tooltip } from 'antd';
import { CloudDownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, followJob, type Certificate, type CertificateListQuery, type Job } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { useI18n } from '../../i18n';
import { serverPagination } from '../../components/pagination';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { OccupationSelect } from '../../components/OccupationSelect';
import { InstitutionPicker } from '../../components/InstitutionPicker';
import { errorContent } from '../../components/ApiErrorView';
import { levelText } from '../institutions/InstitutionStatus';
import { CertStatusTag, pathwayLabel, plainDate } from '../plans/labels';
import { CertificateDrawer } from './CertificateDrawer';
import { columnSortOrder, useUrlState } from '../../components/useUrlState';
import type { UrlSchema } from '../../components/urlState';
import { ExportButton } from '../../components/ExportButton';
import { IdNumber } from '../../components/IdNumber';
import '../plans/plans.css';

type Filter = CertificateListQuery & { page: number; pageSize: number };
/** the list's state in the address (?q=…&status=…&sort=number&order=asc&page=2) */
const FILTER_SCHEMA: UrlSchema<Filter> = {
  q: 'string',
  status: 'string',
  institutionId: 'number',
  occupationId: 'number',
  level: 'number',
  sort: 'string',
  order: 'string',
  page: 'number',
  pageSize: 'number',
};
/** what the server does when nobody sorts: newest issued first */
const DEFAULT_SORT = { sort: 'issuedOn', order: 'desc' } as const;

export default function CertificatesPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const official = !me.scope.institutionId;
  const [filter, setFilter] = useUrlState<Filter>({ page: 1, pageSize: 20 }, FILTER_SCHEMA);
  const [qText, setQText] = useState(filter.q ?? '');
  // Back and a pasted link change the search too
  useEffect(() => setQText(filter.q ?? ''), [filter.q]);
  const { data, error, loading, reload } = useLoad(() => api.certificates(filter), [filter]);
  const [open, setOpen] = useState<number | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [zipping, setZipping] = useState(false);
  const set = (p: Partial<CertificateListQuery>) => setFilter((f) => ({ ...f, ...p, page: 1 }));
  const { page: _page, pageSize: _size, ...listed } = filter;

  // the ZIP is a background job (issue 17): started at once, its progress shown until the file is ready
  const [job, setJob] = useState<Job | null>(null);
  const zip = async () => {
    setZipping(true);
    try {
      // followed to its end (a failure is thrown as the refusal it carries)
      const j = await followJob(
        await api.startCertificatesZipJob({
          issuedFrom: range?.[0]?.format('YYYY-MM-DD'),
          issuedTo: range?.[1]?.format('YYYY-MM-DD'),
        }),
        setJob,
      );
      const name = await api.jobFile(j.id, j.resultName ?? 'certificates.zip');
      message.success(t('issue.zipDone', { n: j.done, name }));
      setJob(null);
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
          {can(me.role, 'certificate.export') && (
            <ExportButton onExport={() => api.exportCertificates(listed)} testId="cert-export" />
          )}
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
        {job && (job.status === 'queued' || job.status === 'running' || job.status === 'failed') && (
          <div data-testid="cert-zip-progress" style={{ maxWidth: 480, margin: '8px 0' }}>
            <span>{t('cert.zipProgress', { done: job.done, total: job.total })}</span>
            <Progress
              percent={job.total ? Math.floor((job.done / job.total) * 100) : 0}
              status={job.status === 'failed' ? 'exception' : 'active'}
              size="small"
            />
          </div>
        )}
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Certificate>
          data-testid="cert-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: official ? 1320 : 1100 }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const key = s?.order ? (s.columnKey as CertificateListQuery['sort']) : undefined;
            // clicking through to "no sort" returns to the default order (newest issued first)
            setFilter((f) => ({
              ...f,
              sort: key,
              order: key ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined,
              page: 1,
            }));
          }}
          rowClassName={(r) => (r.status === 'revoked' ? 'row-revoked' : '')}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            {
              title: t('cert.number'),
              dataIndex: 'number',
              key: 'number',
              sorter: true,
              sortOrder: columnSortOrder(filter, 'number', DEFAULT_SORT),
              sortDirections: ['ascend', 'descend'],
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
              key: 'level',
              sorter: true,
              sortOrder: columnSortOrder(filter, 'level', DEFAULT_SORT),
              width: 120,
              render: (v: number, r) => (lang === 'zh' ? r.levelLabel : levelText(v, lang)),
            },
            { title: t('cert.pathway'), dataIndex: 'pathway', width: 100, render: (v: string) => pathwayLabel(t, v) },
            ...(official ? [{ title: t('cert.institution'), dataIndex: 'institutionName' }] : []),
            {
              title: t('cert.issuedOn'),
              dataIndex: 'issuedOn',
              key: 'issuedOn',
              sorter: true,
              sortOrder: columnSortOrder(filter, 'issuedOn', DEFAULT_SORT),
              sortDirections: ['descend', 'ascend'],
              width: 120,
              render: (v: string) => plainDate(v),
            },
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
