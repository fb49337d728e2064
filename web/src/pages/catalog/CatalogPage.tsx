/**
 * 评价机构目录 — the public catalog of filed institutions (INST-5), readable without signing in:
 * search by name or 备案号, filter by region, occupation, level, kind and status; each entry shows
 * its status, validity, credit grade and scope; the detail shows the management history.
 * Kept free of antd Table and Form so the route stays light.
 */
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button, Cascader, Descriptions, Drawer, Empty, Input, Pagination, Select, Skeleton, Spin, Tag } from 'antd';
import { ReloadOutlined, SearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Region } from '../../../../contract/api.js';
import { INSTITUTION_KINDS } from '../../../../contract/institutions.js';
import { LEVELS } from '../../../../contract/levels.js';
import { api, type CatalogEntry, type CatalogFilter, type PublicOccupation } from '../../api';
import { formatDate, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { useUrlState } from '../../components/useUrlState';
import type { UrlSchema } from '../../components/urlState';
import { LoadError } from '../../components/LoadError';
import { CreditBadge, LevelTags, StatusTag, Validity } from '../institutions/InstitutionStatus';
import { EventsTimeline } from '../institutions/EventsTimeline';
import { kindLabel } from '../institutions/labels';
import { PublicLayout } from './PublicLayout';
import './catalog.css';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}
const toOption = (r: Region): RegionOption => ({ value: r.code, label: r.name, isLeaf: r.childCount === 0 });

/** city → county, loaded on demand from the public regions endpoint. */
function RegionCascader({ value, onChange }: { value?: string[]; onChange: (path: string[] | undefined) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<RegionOption[]>([]);
  useEffect(() => {
    let alive = true;
    (async () => {
      const provinces = await api.publicRegions();
      const home = provinces.find((p) => p.childCount > 0);
      if (!home) return;
      const cities = (await api.publicRegions(home.code)).map(toOption);
      // a district restored from the address: its city's districts, so the district is named
      const city = value && value.length > 1 ? cities.find((c) => c.value === value[0]) : undefined;
      if (city) city.children = (await api.publicRegions(city.value)).map((c) => ({ ...toOption(c), isLeaf: true }));
      if (alive) setOptions(cities);
    })().catch(() => undefined);
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const loadData = async (selected: RegionOption[]) => {
    const target = selected[selected.length - 1];
    const children = await api.publicRegions(target.value);
    target.children = children.map((c) => ({ ...toOption(c), isLeaf: true }));
    setOptions((o) => [...o]);
  };
  return (
    <Cascader<RegionOption>
      options={options}
      loadData={loadData as never}
      value={value}
      onChange={(v) => onChange(v && v.length ? (v as string[]) : undefined)}
      changeOnSelect
      placeholder={t('catalog.region')}
      allowClear
      className="catalog-filter"
      data-testid="catalog-region"
      showSearch={false}
    />
  );
}

function ScopeList({ scopes }: { scopes: CatalogEntry['scopes'] }) {
  const { t } = useI18n();
  if (!scopes.length) return <span className="muted">{t('catalog.noScope')}</span>;
  return (
    <ul className="catalog-scopes" data-testid="catalog-scopes">
      {scopes.map((s) => (
        <li key={s.occupationId}>
          <span className="catalog-occ">
            {s.name} <span className="mono muted">{s.code}</span>
          </span>
          <LevelTags levels={s.levels} labels={s.levelLabels} />
        </li>
      ))}
    </ul>
  );
}

function EntryCard({ e, onOpen }: { e: CatalogEntry; onOpen: () => void }) {
  const { t, lang } = useI18n();
  return (
    <article className={`catalog-card status-${e.status}`} data-testid="catalog-card" onClick={onOpen}>
      <div className="catalog-card-head">
        <a
          className="catalog-name"
          onClick={(ev) => ev.preventDefault()}
          href={`/catalog/${e.id}`}
          data-testid="catalog-name"
        >
          {e.name}
        </a>
        <span className="catalog-tags">
          <StatusTag inst={e} withDeadline />
          <CreditBadge grade={e.creditGrade} score={e.creditScore} />
        </span>
      </div>
      <div className="catalog-meta">
        <span>{kindLabel(e.kind, lang)}</span>
        <span className="dot">·</span>
        <span>{e.region}</span>
      </div>
      <dl className="catalog-facts">
        <div>
          <dt>{t('inst.filingNo')}</dt>
          <dd className="mono" data-testid="catalog-filing-no">
            {e.filingNo}
          </dd>
        </div>
        <div>
          <dt>{t('inst.validUntil')}</dt>
          <dd>
            <Validity inst={e} />
          </dd>
        </div>
      </dl>
      <ScopeList scopes={e.scopes} />
    </article>
  );
}

function CatalogDetailView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const { data, error, reload } = useLoad(() => api.catalogEntry(id), [id]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;
  return (
    <div data-testid="catalog-detail">
      <h3 className="catalog-detail-name">{data.name}</h3>
      <div className="catalog-detail-tags">
        <StatusTag inst={data} withDeadline />
        <CreditBadge grade={data.creditGrade} score={data.creditScore} />
      </div>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 110 } }}
        items={[
          { key: 'no', label: t('inst.filingNo'), children: <span className="mono">{data.filingNo}</span> },
          { key: 'kind', label: t('inst.kind'), children: kindLabel(data.kind, lang, true) },
          { key: 'region', label: t('inst.region'), children: data.region },
          { key: 'filedAt', label: t('inst.filedAt'), children: formatDate(data.filedAt) },
          { key: 'valid', label: t('inst.validUntil'), children: <Validity inst={data} /> },
          ...(data.rectificationDeadline
            ? [
                {
                  key: 'rect',
                  label: t('inst.rectificationDeadline'),
                  children: <span className="warn-text">{formatDate(data.rectificationDeadline)}</span>,
                },
              ]
            : []),
        ]}
      />
      <h4 className="section-title">{t('catalog.scope')}</h4>
      <ScopeList scopes={data.scopes} />
      <h4 className="section-title">{t('catalog.history')}</h4>
      <EventsTimeline events={data.history} showActor={false} />
    </div>
  );
}

const STATUS_OPTIONS = ['filed', 'rectification', 'suspended', 'revoked'] as const;

type CatalogState = Omit<CatalogFilter, 'regionCode'> & { region?: string; page: number; pageSize: number };
const CATALOG_SCHEMA: UrlSchema<CatalogState> = {
  q: 'string',
  region: 'string',
  occupationId: 'number',
  level: 'number',
  kind: 'string',
  status: 'string',
  page: 'number',
  pageSize: 'number',
};

export default function CatalogPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const params = useParams();
  const openId = params.id && /^\d+$/.test(params.id) ? Number(params.id) : null;
  // the search in the address: a refresh, a shared link and Back keep it; the region as its path (410000.410100)
  const [state, setState] = useUrlState<CatalogState>({ page: 1, pageSize: 10 }, CATALOG_SCHEMA);
  const { region, ...filter } = state;
  const regionPath = region ? region.split('.') : undefined;
  const setFilter = (next: (f: CatalogState) => CatalogState) => setState(next);
  const [qInput, setQInput] = useState(filter.q ?? '');
  useEffect(() => setQInput(state.q ?? ''), [state.q]);
  const [occupations, setOccupations] = useState<PublicOccupation[]>([]);
  const { data, error, loading, reload } = useLoad(
    () => api.catalog({ ...filter, regionCode: regionPath?.[regionPath.length - 1] }),
    [state],
  );
  const search = useLocation().search;
  const [width, setWidth] = useState(() => window.innerWidth);

  useEffect(() => {
    document.title = `${t('catalog.title')} - ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    api.publicOccupations().then(setOccupations, () => undefined);
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const set = (patch: Partial<CatalogState>) => setFilter((f) => ({ ...f, ...patch, page: 1 }));
  const reset = () => {
    setQInput('');
    setState({ page: 1, pageSize: filter.pageSize });
  };
  const kindOptions = useMemo(
    () => Object.keys(INSTITUTION_KINDS).map((k) => ({ value: k, label: kindLabel(k, lang) })),
    [lang],
  );

  return (
    <PublicLayout title={t('catalog.title')}>
      <section className="catalog-hero">
        <h1>
          <SafetyCertificateOutlined /> {t('catalog.heading')}
        </h1>
        <p>{t('catalog.intro')}</p>
      </section>
      <section className="catalog-filters" aria-label={t('common.search')}>
        <Input.Search
          allowClear
          value={qInput}
          onChange={(e) => setQInput(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          placeholder={t('catalog.searchPlaceholder')}
          enterButton={<SearchOutlined />}
          className="catalog-search"
          data-testid="catalog-search"
        />
        <RegionCascader value={regionPath} onChange={(p) => set({ region: p?.length ? p.join('.') : undefined })} />
        <Select
          allowClear
          className="catalog-filter"
          placeholder={t('catalog.occupation')}
          value={filter.occupationId}
          onChange={(v) => set({ occupationId: v })}
          options={occupations.map((o) => ({ value: o.id, label: o.name, search: `${o.code} ${o.name}` }))}
          showSearch={{ optionFilterProp: 'search' }}
          data-testid="catalog-occupation"
        />
        <Select
          allowClear
          className="catalog-filter catalog-filter-sm"
          placeholder={t('catalog.level')}
          value={filter.level}
          onChange={(v) => set({ level: v })}
          options={LEVELS.map((l) => ({ value: l.digit, label: lang === 'zh' ? `${l.name}/${l.title}` : l.nameEn }))}
          data-testid="catalog-level"
        />
        <Select
          allowClear
          className="catalog-filter"
          placeholder={t('catalog.kind')}
          value={filter.kind}
          onChange={(v) => set({ kind: v })}
          options={kindOptions}
          data-testid="catalog-kind"
        />
        <Select
          allowClear
          className="catalog-filter catalog-filter-sm"
          placeholder={t('catalog.status')}
          value={filter.status}
          onChange={(v) => set({ status: v })}
          options={STATUS_OPTIONS.map((s) => ({ value: s, label: t(`instStatus.${s}`) }))}
          data-testid="catalog-status"
        />
        <Button icon={<ReloadOutlined />} onClick={reset}>
          {t('common.reset')}
        </Button>
      </section>
      <div className="catalog-summary">
        <span data-testid="catalog-total">{t('catalog.total', { n: formatNumber(data?.total ?? 0) })}</span>
        <span className="catalog-legend">
          <Tag color="green">{t('instStatus.filed')}</Tag>
          <Tag color="orange">{t('instStatus.rectification')}</Tag>
          <Tag color="red">{t('instStatus.suspended')}</Tag>
          <Tag>{t('instStatus.revoked')}</Tag>
        </span>
      </div>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Spin spinning={loading && !!data}>
        {!data && loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : data && data.items.length === 0 ? (
          <Empty className="catalog-empty" description={t('catalog.empty')} />
        ) : (
          <div className="catalog-grid" data-testid="catalog-list">
            {data?.items.map((e) => (
              <EntryCard key={e.id} e={e} onOpen={() => navigate(`/catalog/${e.id}${search}`)} />
            ))}
          </div>
        )}
      </Spin>
      {data && data.total > filter.pageSize && (
        <Pagination
          className="catalog-pagination"
          current={filter.page}
          pageSize={filter.pageSize}
          total={data.total}
          size={width < 600 ? 'small' : undefined}
          showSizeChanger={width >= 600}
          pageSizeOptions={[10, 20, 50]}
          onChange={(page, pageSize) => {
            setFilter((f) => ({ ...f, page, pageSize }));
            window.scrollTo({ top: 0 });
          }}
        />
      )}
      <Drawer
        open={openId !== null}
        onClose={() => navigate(`/catalog${search}`)}
        title={t('catalog.detail')}
        size={width < 600 ? width : 600}
        destroyOnHidden
      >
        {openId !== null && <CatalogDetailView id={openId} />}
      </Drawer>
    </PublicLayout>
  );
}
