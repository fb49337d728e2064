import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Drawer, Input, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileSearchOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { Institution } from '../../../../contract/api.js';
import { INSTITUTION_KINDS } from '../../../../contract/institutions.js';
import { api, type InstitutionFilter } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can, canOpen, isInstitutionRole } from '../../access';
import { useI18n, type MessageKey } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { useUrlState } from '../../components/useUrlState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RegionPicker } from '../../components/RegionPicker';
import { errorText } from '../../components/formErrors';
import { InstitutionDescriptions } from './InstitutionDetail';
import { kindLabel, schoolTypeLabel } from './labels';
import { CreditBadge, StatusTag, Validity } from './InstitutionStatus';
import { EventsTimeline } from './EventsTimeline';
import {
  CreditEventButton,
  InstitutionCreateModal,
  InstitutionEditButton,
  ManageActions,
  ScopesTable,
} from './InstitutionPanels';
import './institutions.css';
import { serverPagination } from '../../components/pagination';

/** Scope, credit and history of one institution, loaded together. */
function useInstitutionRecord(id: number | null) {
  const inst = useLoad(() => (id ? api.institution(id) : Promise.resolve(undefined)), [id]);
  const scopes = useLoad(() => (id ? api.institutionScopes(id) : Promise.resolve(undefined)), [id]);
  const events = useLoad(() => (id ? api.institutionEvents(id) : Promise.resolve(undefined)), [id]);
  const reloadAll = () => {
    void inst.reload();
    void scopes.reload();
    void events.reload();
  };
  return { inst, scopes, events, reloadAll };
}

function MyInstitution({ id }: { id: number }) {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { inst, scopes, events, reloadAll } = useInstitutionRecord(id);
  const credit = events.data?.credit;
  const mayEdit = can(me.role, 'institution.edit');
  const opensFilings = canOpen(me.role, 'filings');
  return (
    <div>
      <PageHeader
        title={t('inst.mine')}
        extra={
          <Space>
            {mayEdit && inst.data && <InstitutionEditButton inst={inst.data} onDone={() => void inst.reload()} />}
            {opensFilings && (
              <Button size="small" type="primary" icon={<FileSearchOutlined />} onClick={() => navigate('/filings')}>
                {t('menu.filings')}
              </Button>
            )}
          </Space>
        }
      />
      {inst.error ? <LoadError error={inst.error} onRetry={reloadAll} /> : null}
      {inst.data && inst.data.validity === 'expiring' && (
        <div className="warn-box" style={{ marginBottom: 12 }}>
          {t('inst.expiringWarning', { n: inst.data.daysLeft ?? 0 })}
        </div>
      )}
      {inst.data && inst.data.validity === 'expired' && (
        <div className="warn-box err" style={{ marginBottom: 12 }}>
          {t('inst.expiredWarning')}
        </div>
      )}
      <Card
        size="small"
        data-testid="my-institution"
        title={t('inst.profile')}
        extra={credit && <CreditBadge grade={credit.grade} score={credit.score} />}
        className="inst-card"
      >
        <InstitutionDescriptions inst={inst.data} column={3} />
      </Card>
      <div className="inst-grid">
        <Card size="small" title={t('scope.title')} className="inst-card">
          <ScopesTable scopes={scopes.data} loading={scopes.loading && !scopes.data} />
        </Card>
        <Card size="small" title={t('events.title')} className="inst-card">
          {events.data ? <EventsTimeline events={events.data.events} /> : <Skeleton active />}
        </Card>
      </div>
    </div>
  );
}

export default function InstitutionsPage() {
  const me = useMe();
  if (isInstitutionRole(me.role) && me.scope.institutionId) return <MyInstitution id={me.scope.institutionId} />;
  return <InstitutionList />;
}

const STATUS_KEYS = ['unfiled', 'filed', 'rectification', 'suspended', 'revoked'] as const;

function InstitutionDrawerBody({ id, onChanged }: { id: number; onChanged: () => void }) {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { inst, scopes, events, reloadAll } = useInstitutionRecord(id);
  if (inst.error) return <LoadError error={inst.error} onRetry={reloadAll} />;
  const i = inst.data;
  const credit = events.data?.credit;
  const refresh = () => {
    reloadAll();
    onChanged();
  };
  const manage = can(me.role, 'institution.manage');
  const creditRec = can(me.role, 'institution.credit');
  return (
    <div data-testid="inst-drawer">
      {i && (
        <div className="drawer-toolbar">
          <Space wrap>
            <StatusTag inst={i} withDeadline />
            {credit && <CreditBadge grade={credit.grade} score={credit.score} />}
          </Space>
          <Space wrap>
            {canOpen(me.role, 'filings') && (
              <Button size="small" onClick={() => navigate(`/filings?institutionId=${i.id}`)}>
                {t('inst.applications')}
              </Button>
            )}
            <InstitutionEditButton inst={i} onDone={refresh} />
          </Space>
        </div>
      )}
      <InstitutionDescriptions inst={i} column={2} />
      {i && (manage || creditRec) && (
        <>
          <h4 className="section-title">{t('mgmt.title')}</h4>
          <div className="mgmt-box">
            {manage && <ManageActions inst={i} onDone={refresh} />}
            {creditRec && <CreditEventButton inst={i} onDone={refresh} />}
          </div>
        </>
      )}
      <h4 className="section-title">{t('scope.title')}</h4>
      <ScopesTable scopes={scopes.data} loading={scopes.loading && !scopes.data} />
      <h4 className="section-title">{t('events.title')}</h4>
      {events.data ? <EventsTimeline events={events.data.events} /> : <Skeleton active />}
    </div>
  );
}

function InstitutionList() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useUrlState<InstitutionFilter & { page: number; pageSize: number }>(
    { page: 1, pageSize: 20 },
    { q: 'string', regionCode: 'string', status: 'string', kind: 'string', page: 'number', pageSize: 'number' },
  );
  const [qInput, setQInput] = useState(filter.q ?? '');
  useEffect(() => setQInput(filter.q ?? ''), [filter.q]);
  const { data, error, loading, reload } = useLoad(() => api.institutions(filter), [filter]);
  const [exporting, setExporting] = useState(false);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);

  const doExport = async () => {
    setExporting(true);
    try {
      const name = await api.exportInstitutions({
        q: filter.q,
        regionCode: filter.regionCode,
        status: filter.status,
        kind: filter.kind,
      });
      message.success(t('inst.exported', { name }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('inst.title')}
        extra={
          can(me.role, 'institution.register') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="inst-create">
              {t('inst.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('inst.searchPlaceholder')}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            style={{ width: 260 }}
            data-testid="inst-search"
          />
          <RegionPicker
            value={filter.regionCode}
            onChange={(v) => setFilter((f) => ({ ...f, regionCode: v, page: 1 }))}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('inst.statusFilter')}
            style={{ width: 130 }}
            value={filter.status}
            onChange={(v) => setFilter((f) => ({ ...f, status: v, page: 1 }))}
            options={STATUS_KEYS.map((s) => ({ value: s, label: t(`instStatus.${s}` as MessageKey) }))}
            data-testid="inst-status-filter"
          />
          <Select
            allowClear
            placeholder={t('inst.kindFilter')}
            style={{ width: 170 }}
            value={filter.kind}
            onChange={(v) => setFilter((f) => ({ ...f, kind: v, page: 1 }))}
            options={Object.keys(INSTITUTION_KINDS).map((k) => ({ value: k, label: kindLabel(k, lang) }))}
            data-testid="inst-kind-filter"
          />
          <span className="spacer" />
          {can(me.role, 'institution.export') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport} data-testid="inst-export">
              {t('inst.export')}
            </Button>
          )}
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Institution>
          data-testid="inst-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: 1200 }}
          onRow={(r) => ({ onClick: () => setDetailId(r.id), style: { cursor: 'pointer' } })}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            { title: t('inst.name'), dataIndex: 'name', render: (v: string) => <Typography.Link>{v}</Typography.Link> },
            {
              title: t('inst.filingNo'),
              dataIndex: 'filingNo',
              width: 150,
              render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
            },
            { title: t('inst.kind'), dataIndex: 'kind', width: 130, render: (v: string) => kindLabel(v, lang) },
            {
              title: t('inst.schoolType'),
              dataIndex: 'schoolType',
              width: 90,
              render: (v: string | null) => schoolTypeLabel(v, lang),
            },
            {
              title: t('inst.owner'),
              dataIndex: 'owner',
              width: 80,
              render: (v: Institution['owner']) => (
                <Tag color={v === 'province' ? 'blue' : 'default'}>{t(`inst.owner.${v}`)}</Tag>
              ),
            },
            { title: t('inst.region'), dataIndex: 'place', width: 150 },
            {
              title: t('inst.status'),
              dataIndex: 'status',
              width: 170,
              render: (_: string, r) => <StatusTag inst={r} withDeadline />,
            },
            {
              title: t('inst.validUntil'),
              dataIndex: 'validUntil',
              width: 190,
              render: (_: string | null, r) => <Validity inst={r} />,
            },
          ]}
        />
      </Card>
      <Drawer
        open={detailId !== null}
        onClose={() => setDetailId(null)}
        title={t('inst.detail')}
        size={760}
        destroyOnHidden
      >
        {detailId !== null && <InstitutionDrawerBody id={detailId} onChanged={() => void reload()} />}
      </Drawer>
      <InstitutionCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(i) => {
          setCreating(false);
          message.success(t('inst.created', { name: i.name }));
          void reload();
          setDetailId(i.id);
        }}
      />
    </div>
  );
}
