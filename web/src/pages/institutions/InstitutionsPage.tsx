import { useState } from 'react';
import { App, Button, Card, Drawer, Input, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Institution } from '../../../../contract/api.js';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { isInstitutionRole } from '../../access';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RegionPicker } from '../../components/RegionPicker';
import { errorText } from '../../components/formErrors';
import { InstitutionDescriptions } from './InstitutionDetail';
import { kindLabel, schoolTypeLabel } from './labels';
import { StatusTag, Validity } from './InstitutionStatus';

function MyInstitution({ id }: { id: number }) {
  const { t } = useI18n();
  const { data, error, reload } = useLoad(() => api.institution(id), [id]);
  return (
    <div>
      <PageHeader title={t('inst.mine')} />
      {error ? <LoadError error={error} onRetry={reload} /> : <Card data-testid="my-institution"><InstitutionDescriptions inst={data} column={2} /></Card>}
    </div>
  );
}

export default function InstitutionsPage() {
  const me = useMe();
  if (isInstitutionRole(me.role) && me.scope.institutionId) return <MyInstitution id={me.scope.institutionId} />;
  return <InstitutionList />;
}

function InstitutionList() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [qInput, setQInput] = useState('');
  const [filter, setFilter] = useState<{ q?: string; regionCode?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useLoad(() => api.institutions(filter), [filter]);
  const [exporting, setExporting] = useState(false);
  const [detailId, setDetailId] = useState<number | null>(null);
  const detail = useLoad(() => (detailId ? api.institution(detailId) : Promise.resolve(undefined)), [detailId]);

  const doExport = async () => {
    setExporting(true);
    try {
      const name = await api.exportInstitutions({ q: filter.q, regionCode: filter.regionCode });
      message.success(t('inst.exported', { name }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('inst.title')} />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('inst.searchPlaceholder')}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            style={{ width: 280 }}
            data-testid="inst-search"
          />
          <RegionPicker value={filter.regionCode} onChange={(v) => setFilter((f) => ({ ...f, regionCode: v, page: 1 }))} style={{ width: 220 }} />
          <span className="spacer" />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport} data-testid="inst-export">
            {t('inst.export')}
          </Button>
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Institution>
          data-testid="inst-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: 1100 }}
          onRow={(r) => ({ onClick: () => setDetailId(r.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => t('common.total', { n: formatNumber(n) }),
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
          columns={[
            { title: t('inst.name'), dataIndex: 'name', render: (v: string) => <Typography.Link>{v}</Typography.Link> },
            { title: t('inst.filingNo'), dataIndex: 'filingNo', width: 150, render: (v: string | null) => (v ? <span style={{ fontFamily: 'monospace' }}>{v}</span> : '—') },
            { title: t('inst.kind'), dataIndex: 'kind', width: 130, render: (v: string) => kindLabel(v, lang) },
            { title: t('inst.schoolType'), dataIndex: 'schoolType', width: 90, render: (v: string | null) => schoolTypeLabel(v, lang) },
            {
              title: t('inst.owner'),
              dataIndex: 'owner',
              width: 90,
              render: (v: Institution['owner']) => <Tag color={v === 'province' ? 'blue' : 'default'}>{t(`inst.owner.${v}`)}</Tag>,
            },
            { title: t('inst.region'), dataIndex: 'regionName', width: 120 },
            { title: t('inst.status'), dataIndex: 'status', width: 100, render: (_: string, r) => <StatusTag inst={r} /> },
            { title: t('inst.validUntil'), dataIndex: 'validUntil', width: 170, render: (_: string | null, r) => <Validity inst={r} /> },
          ]}
        />
      </Card>
      <Drawer open={detailId !== null} onClose={() => setDetailId(null)} title={t('inst.detail')} size={560} destroyOnHidden>
        {detail.error ? <LoadError error={detail.error} /> : <InstitutionDescriptions inst={detail.data} />}
      </Drawer>
    </div>
  );
}
