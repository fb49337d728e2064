/**
 * 培训班 (TRAIN-1): a provider applies for classes before they start and follows them; the HRSS of
 * the place where a class is held finds the applications awaiting its decision first (待我审批),
 * approves them or returns them with reasons. Each row opens the class with its trainees.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Empty, Input, Radio, Space, Table, Tag } from 'antd';
import { CheckOutlined, PlusOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { api, type TrainingClass } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can, isOfficial } from '../../access';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ExportButton } from '../../components/ExportButton';
import { ReasonModal } from '../../components/ReasonModal';
import { errorText } from '../../components/formErrors';
import { ClassFormDrawer } from './ClassForm';
import { ClassStatusTag, levelShort, modeLabel, RuleHint, typeLabel } from './TrainingParts';
import '../plans/plans.css';
import './training.css';

type Filter = 'awaiting' | 'submitted' | 'approved' | 'returned' | 'draft' | 'all';

export default function TrainingClassesPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const official = isOfficial(me.role);
  const applies = can(me.role, 'training.class.apply');
  const decides = can(me.role, 'training.class.decide');
  const filters: Filter[] = decides
    ? ['awaiting', 'approved', 'returned', 'all']
    : official
      ? ['submitted', 'approved', 'all']
      : ['all', 'draft', 'submitted', 'returned', 'approved'];
  const [filter, setFilter] = useState<Filter>(filters[0]);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  // the list's filters, as the export applies them too
  const listed = {
    q: q || undefined,
    ...(filter === 'awaiting'
      ? { status: 'submitted' as const, held: true }
      : filter === 'all'
        ? {}
        : { status: filter }),
  };
  const { data, error, loading, reload } = useLoad(
    () => api.trainingClasses({ ...listed, page, pageSize: 20 }),
    [filter, q, page],
  );
  const [form, setForm] = useState<{ open: boolean; editing: TrainingClass | null }>({ open: false, editing: null });
  const [deciding, setDeciding] = useState<{ c: TrainingClass; what: 'approve' | 'return' } | null>(null);

  const submit = async (c: TrainingClass) => {
    try {
      await api.trainingClassStep(c.id, { step: 'submit' });
      message.success(t('training.submitted'));
    } catch (e) {
      message.error(errorText(e));
    }
    await reload();
  };

  return (
    <div>
      <PageHeader
        title={t('training.classesTitle')}
        extra={
          applies ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ open: true, editing: null })}
              data-testid="class-apply"
            >
              {t('training.applyClass')}
            </Button>
          ) : null
        }
      />
      <RuleHint rule="TRAIN-1">{decides ? t('training.officialIntro') : t('training.classesIntro')}</RuleHint>
      <Card
        size="small"
        className="plan-card"
        title={
          <Space wrap>
            <Radio.Group
              size="small"
              value={filter}
              optionType="button"
              onChange={(e) => {
                setFilter(e.target.value as Filter);
                setPage(1);
              }}
              options={filters.map((f) => ({ value: f, label: t(`training.filter.${f}` as never) }))}
              data-testid="class-filter"
            />
            <Input.Search
              size="small"
              allowClear
              placeholder={t('training.searchClasses')}
              onSearch={(v) => {
                setQ(v.trim());
                setPage(1);
              }}
              style={{ width: 220 }}
            />
            {can(me.role, 'training.export') ? (
              <ExportButton onExport={() => api.exportTrainingClasses(listed)} testId="class-export" />
            ) : null}
          </Space>
        }
      >
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<TrainingClass>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          data-testid="class-table"
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, size: 'small' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('training.noClasses')} /> }}
          columns={[
            {
              title: t('training.title'),
              dataIndex: 'title',
              width: 200,
              render: (v: string, r) => (
                <Link to={`/training/classes/${r.id}`} data-testid={`class-link-${r.id}`}>
                  {v}
                </Link>
              ),
            },
            ...(applies ? [] : [{ title: t('training.provider'), dataIndex: 'providerName', width: 160 }]),
            {
              title: t('training.occupation'),
              key: 'occ',
              width: 110,
              render: (_: unknown, r) => `${r.occupationName}${r.level ? ` ${levelShort(r.level, lang)}` : ''}`,
            },
            {
              title: t('training.classType'),
              key: 'type',
              width: 140,
              render: (_: unknown, r) => (
                <Space size={2} wrap>
                  <span>{typeLabel(t, r.classType)}</span>
                  {r.subsidised && <Tag color="gold">{t('training.subsidisedTag')}</Tag>}
                  {r.mode === 'online' && <Tag color="blue">{modeLabel(t, 'online')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('training.dates'),
              key: 'dates',
              width: 110,
              render: (_: unknown, r) => (
                <span className="small">
                  {r.startDate}
                  <br />~ {r.endDate}
                </span>
              ),
            },
            { title: t('training.place'), dataIndex: 'regionName', width: 80 },
            {
              title: t('training.enrolled'),
              key: 'n',
              width: 80,
              render: (_: unknown, r) => `${r.enrolled} / ${r.capacity}`,
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 90,
              render: (v: string) => <ClassStatusTag status={v} />,
            },
            {
              title: t('common.actions'),
              key: 'act',
              width: 140,
              fixed: 'right',
              render: (_: unknown, r) => (
                <Space size={0}>
                  {r.mayDecide && (
                    <>
                      <Button
                        type="link"
                        size="small"
                        icon={<CheckOutlined />}
                        onClick={() => setDeciding({ c: r, what: 'approve' })}
                        data-testid={`class-approve-${r.id}`}
                      >
                        {t('training.approve')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        danger
                        icon={<RollbackOutlined />}
                        onClick={() => setDeciding({ c: r, what: 'return' })}
                        data-testid={`class-return-${r.id}`}
                      >
                        {t('training.return')}
                      </Button>
                    </>
                  )}
                  {r.steps.includes('submit') && (
                    <Button type="link" size="small" icon={<SendOutlined />} onClick={() => void submit(r)}>
                      {t('training.submit')}
                    </Button>
                  )}
                  {r.steps.includes('update') && (
                    <Button type="link" size="small" onClick={() => setForm({ open: true, editing: r })}>
                      {t('common.edit')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ClassFormDrawer
        open={form.open}
        editing={form.editing}
        onClose={() => setForm({ open: false, editing: null })}
        onSaved={() => void reload()}
      />
      <ReasonModal
        open={deciding !== null}
        optional={deciding?.what === 'approve'}
        danger={deciding?.what === 'return'}
        title={deciding ? `${t(`training.${deciding.what}` as never)} · ${deciding.c.title}` : ''}
        okText={deciding ? t(`training.${deciding.what}` as never) : undefined}
        extra={
          deciding ? (
            <div className="warn-box">
              {t('training.decideHint', {
                provider: deciding.c.providerName,
                start: deciding.c.startDate,
                region: deciding.c.regionName,
              })}
            </div>
          ) : null
        }
        onSubmit={async (v) => {
          const c = await api.decideTrainingClass(deciding!.c.id, {
            decision: deciding!.what,
            reason: v.reason || null,
          });
          message.success(t(`training.status.${c.status}` as never));
          await reload();
        }}
        onClose={() => setDeciding(null)}
      />
    </div>
  );
}
