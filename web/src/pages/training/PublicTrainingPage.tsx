/**
 * 职业培训公开信息, readable without signing in and on a phone: the published classes (公布培训班次:
 * approved classes, TRAIN-1), the training provider catalogue (培训机构目录清单) and the providers
 * taken out of it with the reason (退出目录清单，向社会曝光). Kept free of antd Table and Form.
 */
import { useState } from 'react';
import { Empty, Input, Pagination, Segmented, Skeleton, Tag } from 'antd';
import { ReadOutlined, SearchOutlined } from '@ant-design/icons';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PublicLayout } from '../catalog/PublicLayout';
import { levelShort, modeLabel, providerTypeLabel, typeLabel } from './TrainingParts';
import '../catalog/catalog.css';

type View = 'classes' | 'providers' | 'exits';

export default function PublicTrainingPage() {
  const { t, lang } = useI18n();
  const [view, setView] = useState<View>('classes');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const query = { q: q || undefined, page, pageSize: 20 };
  const { data, error, loading, reload } = useLoad(
    async () =>
      view === 'classes'
        ? { kind: 'classes' as const, r: await api.publicTrainingClasses(query) }
        : view === 'providers'
          ? { kind: 'providers' as const, r: await api.publicTrainingProviders(query) }
          : { kind: 'exits' as const, r: await api.publicTrainingExits(query) },
    [view, q, page],
  );
  const total = data?.r.total ?? 0;
  return (
    <PublicLayout title={t('training.publicTitle')}>
      <section className="catalog-hero">
        <h1>
          <ReadOutlined /> {t('training.publicHeading')}
        </h1>
        <p>{t('training.publicIntro')}</p>
      </section>
      <section className="catalog-filters">
        <Segmented<View>
          value={view}
          onChange={(v) => {
            setView(v);
            setPage(1);
          }}
          options={[
            { value: 'classes', label: t('training.publicClasses') },
            { value: 'providers', label: t('training.publicProviders') },
            { value: 'exits', label: t('training.publicExits') },
          ]}
          data-testid="public-training-view"
        />
        <Input.Search
          allowClear
          className="catalog-search"
          enterButton={<SearchOutlined />}
          placeholder={t('training.publicSearch')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
        />
      </section>
      <div className="catalog-summary">
        <span data-testid="public-training-total">{t('training.publicTotal', { n: total })}</span>
      </div>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!data && loading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : data && data.r.items.length === 0 ? (
        <Empty className="catalog-empty" description={t('catalog.empty')} />
      ) : (
        <div className="catalog-grid" data-testid="public-training-list">
          {data?.kind === 'classes' &&
            data.r.items.map((c) => (
              <article key={c.id} className="catalog-card" data-testid="public-class">
                <div className="catalog-card-head">
                  <span className="catalog-name">{c.title}</span>
                </div>
                <div className="catalog-tags">
                  <Tag color="blue">{typeLabel(t, c.classType)}</Tag>
                  {c.subsidised && <Tag color="gold">{t('training.subsidisedTag')}</Tag>}
                  <Tag>{modeLabel(t, c.mode)}</Tag>
                </div>
                <dl className="catalog-facts">
                  <div>
                    <dt>{t('training.provider')}</dt>
                    <dd>{c.providerName}</dd>
                  </div>
                  <div>
                    <dt>{t('training.occupation')}</dt>
                    <dd>
                      {c.occupationName} {levelShort(c.level, lang)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('training.dates')}</dt>
                    <dd>
                      {c.startDate} ~ {c.endDate}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('training.site')}</dt>
                    <dd>
                      {c.regionName} · {c.site}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('training.hours')}</dt>
                    <dd>{t('training.totalHours', { n: c.totalHours })}</dd>
                  </div>
                  <div>
                    <dt>{t('training.enrolled')}</dt>
                    <dd>
                      {c.enrolled} / {c.capacity}
                    </dd>
                  </div>
                </dl>
              </article>
            ))}
          {data?.kind === 'providers' &&
            data.r.items.map((p) => (
              <article key={p.id} className="catalog-card" data-testid="public-provider">
                <div className="catalog-card-head">
                  <span className="catalog-name">{p.name}</span>
                </div>
                <div className="catalog-tags">
                  <Tag color="green">{providerTypeLabel(t, p.providerType)}</Tag>
                  <Tag>{p.regionName}</Tag>
                </div>
                <div className="catalog-meta">{t('training.listedOn', { date: p.listedOn })}</div>
                <div className="small">{p.occupations.join('、')}</div>
              </article>
            ))}
          {data?.kind === 'exits' &&
            data.r.items.map((x) => (
              <article key={x.id} className="catalog-card status-revoked" data-testid="public-exit">
                <div className="catalog-card-head">
                  <span className="catalog-name">{x.name}</span>
                </div>
                <div className="catalog-tags">
                  <Tag color="red">{t('training.catalogue.exited')}</Tag>
                  <Tag>{providerTypeLabel(t, x.providerType)}</Tag>
                  <Tag>{x.regionName}</Tag>
                </div>
                <div className="catalog-meta">{t('training.exitedOn', { date: x.exitedOn })}</div>
                <div className="small">
                  {t('training.exitReason')}：{x.exitReason}
                </div>
              </article>
            ))}
        </div>
      )}
      {total > 20 && (
        <Pagination className="catalog-pagination" current={page} pageSize={20} total={total} onChange={setPage} />
      )}
    </PublicLayout>
  );
}
