/**
 * 年度任务 (TGT-1): the unit's targets as its parent set them, and its distribution to its children
 * — each child's target beside its progress, and where the children's targets fall short of or
 * exceed the unit's. Set inline or by Excel (the export is the template; nothing is imported while
 * any row is wrong).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, InputNumber, Skeleton, Space, Table, Tag, Upload } from 'antd';
import { FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { TARGET_METRICS, type MetricKey } from '../../../../contract/targets.js';
import { api, type TargetsView, type UnitProgress } from '../../api';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorContent, RuleTag } from '../../components/ApiErrorView';
import { FigureCell, UnitCrumbs, thisYear, useMetric, useUnitParam } from './parts';

function TargetInput({
  u,
  m,
  year,
  editable,
  onSaved,
}: {
  u: UnitProgress;
  m: MetricKey;
  year: number;
  editable: boolean;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const f = u.figures[m];
  if (!editable || f.actual === null) return <span>{f.target === null ? '—' : formatNumber(f.target)}</span>;
  const save = async (v: number | null) => {
    if (v === f.target) return;
    try {
      await api.putTarget({ year, unit: u.unit, metric: m, value: v });
      onSaved();
    } catch (e) {
      message.error(errorContent(e));
    }
  };
  return (
    <InputNumber
      size="small"
      min={0}
      max={m === 'coverage' ? 100 : undefined}
      defaultValue={f.target ?? undefined}
      onBlur={(e) => void save(e.target.value === '' ? null : Number(e.target.value.replace(/,/g, '')))}
      style={{ width: 110 }}
      data-testid={`target-${u.unit}-${m}`}
    />
  );
}

function GapNotes({ v }: { v: TargetsView }) {
  const { t } = useI18n();
  const metric = useMetric();
  const gaps = TARGET_METRICS.map((m) => ({ m, g: v.gaps[m] })).filter((x) => x.g && x.g.state !== 'even');
  if (!gaps.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="target-gaps"
      title={
        <span>
          <RuleTag rule="TGT-1" />
          {gaps
            .map(({ m, g }) =>
              t(g!.state === 'short' ? 'targets.short' : 'targets.excess', {
                metric: metric.label(m),
                sum: formatNumber(g!.sum),
                gap: formatNumber(Math.abs(g!.gap)),
              }),
            )
            .join('；')}
        </span>
      }
    />
  );
}

export default function TargetsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const metric = useMetric();
  const [unit, setUnit] = useUnitParam();
  const [year, setYear] = useState(thisYear);
  const [busy, setBusy] = useState(false);
  const { data, error, loading, reload } = useLoad(() => api.targets({ unit, year }), [unit, year]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (!data) return null;
  const unconnected = new Set(data.unconnected);
  const rows = [{ ...data.unit, self: true }, ...data.children.map((c) => ({ ...c, self: false }))];
  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const r = await api.importTargets(year, file);
      message.success(t('targets.imported', { rows: r.rows, changed: r.changed }));
      await reload();
    } catch (e) {
      message.error(errorContent(e), 8);
    } finally {
      setBusy(false);
    }
    return false;
  };
  return (
    <div data-testid="targets-page">
      <PageHeader
        title={t('targets.title', { name: data.unit.name, year: data.year })}
        extra={
          <Space>
            <DatePicker
              picker="year"
              allowClear={false}
              value={dayjs(`${year}-01-01`)}
              onChange={(d) => d && setYear(d.year())}
            />
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => void api.exportTargets({ unit, year })}
              data-testid="targets-export"
            >
              {t('targets.export')}
            </Button>
            {data.mayEditChildren && (
              <Upload accept=".xlsx" showUploadList={false} beforeUpload={importFile}>
                <Button icon={<UploadOutlined />} loading={busy} data-testid="targets-import">
                  {t('targets.import')}
                </Button>
              </Upload>
            )}
          </Space>
        }
      />
      <UnitCrumbs items={data.breadcrumb} onOpen={setUnit} />
      <div style={{ height: 12 }} />
      <GapNotes v={data} />
      <Card size="small">
        <Table
          data-testid="targets-table"
          size="small"
          rowKey="unit"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          rowClassName={(r) => (r.self ? 'row-self' : '')}
          columns={[
            {
              title: t('progress.unit'),
              dataIndex: 'name',
              fixed: 'left',
              width: 200,
              render: (v: string, r) =>
                r.self ? (
                  <b>
                    {v}（{t('targets.self')}）
                  </b>
                ) : (
                  <a onClick={() => setUnit(r.unit)}>
                    {v}
                    {r.directCounty && <Tag style={{ marginLeft: 6 }}>{t('progress.direct')}</Tag>}
                  </a>
                ),
            },
            ...TARGET_METRICS.map((m) => ({
              title: `${metric.label(m)}（${metric.unit(m)}）`,
              key: m,
              children: [
                {
                  title: t('targets.target'),
                  key: `${m}-t`,
                  width: 120,
                  render: (_: unknown, r: (typeof rows)[number]) => (
                    <TargetInput
                      u={r}
                      m={m}
                      year={year}
                      editable={r.self ? data.mayEditSelf : data.mayEditChildren}
                      onSaved={() => void reload()}
                    />
                  ),
                },
                {
                  title: t('targets.progress'),
                  key: `${m}-a`,
                  width: 130,
                  render: (_: unknown, r: (typeof rows)[number]) => (
                    <FigureCell u={r} m={m} unconnected={unconnected.has(m)} />
                  ),
                },
              ],
            })),
          ]}
        />
      </Card>
    </div>
  );
}
