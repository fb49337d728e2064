/**
 * 毕业生持证情况 (CERT-9, advisory): for a graduation year, each school's graduates, how many hold
 * a valid skill certificate and the rate, and the list of those who do not yet — for the school
 * itself and for officials over the schools (with a chart of the rates), exported to Excel.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Empty,
  Input,
  Progress,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Upload,
} from 'antd';
import { DownOutlined, FileExcelOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api, type Coverage } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionPicker } from '../../components/InstitutionPicker';
import { errorContent, RuleTag } from '../../components/ApiErrorView';
import '../plans/plans.css';
import { IdNumber, PurposeModal } from '../../components/IdNumber';
import { can } from '../../access';

const BarChart = lazy(() => import('../../charts/BarChart'));

type School = Coverage['schools'][number];
type Uncertified = Coverage['uncertified'][number];

const rateColor = (r: number) => (r >= 90 ? '#52c41a' : r >= 60 ? '#1456f0' : '#fa8c16');

export default function CoveragePage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const official = !me.scope.institutionId;
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [schoolId, setSchoolId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [exporting, setExporting] = useState(false);
  // an export with full ID numbers states its purpose (recorded in the audit trail)
  const [askPurpose, setAskPurpose] = useState(false);
  const mayExportFull = can(me.role, 'person.reveal_id');
  const { data, error, loading, reload } = useLoad(
    () => api.coverage({ graduationYear: year, schoolId }),
    [year, schoolId],
  );
  const totals = useMemo(() => {
    const s = data?.schools ?? [];
    const total = s.reduce((n, x) => n + x.total, 0);
    const certified = s.reduce((n, x) => n + x.certified, 0);
    return {
      total,
      certified,
      uncertified: total - certified,
      rate: total ? Math.round((certified / total) * 1000) / 10 : 0,
    };
  }, [data]);
  const chartItems = useMemo(
    () =>
      [...(data?.schools ?? [])].sort((a, b) => a.rate - b.rate).map((s) => ({ name: s.schoolName, value: s.rate })),
    [data],
  );
  const list = (data?.uncertified ?? []).filter(
    (u) => !q || `${u.name}${u.schoolName}${u.major ?? ''}`.includes(q.trim()),
  );

  const [importing, setImporting] = useState(false);
  const importRoster = async (file: File) => {
    setImporting(true);
    try {
      const r = await api.importGraduates(year, file);
      message.success(t('coverage.rosterImported', { students: r.students, newPeople: r.newPeople }));
      await reload();
    } catch (e) {
      message.error(errorContent(e), 8);
    } finally {
      setImporting(false);
    }
    return false;
  };
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const name = await api.exportCoverage({ graduationYear: year, schoolId });
      message.success(t('inst.exported', { name }));
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setExporting(false);
    }
  };
  const exportFull = async (purpose: string) => {
    const name = await api.exportCoverage({ graduationYear: year, schoolId }, purpose);
    setAskPurpose(false);
    message.success(t('inst.exported', { name }));
  };

  return (
    <div data-testid="coverage-page">
      <PageHeader
        title={t('coverage.title')}
        extra={
          mayExportFull ? (
            <Space.Compact>
              <Button
                icon={<FileExcelOutlined />}
                loading={exporting}
                onClick={exportXlsx}
                data-testid="coverage-export"
              >
                {t('pii.exportMasked')}
              </Button>
              <Dropdown
                menu={{
                  items: [{ key: 'full', label: t('pii.exportFull') }],
                  onClick: () => setAskPurpose(true),
                }}
              >
                <Button icon={<DownOutlined />} aria-label={t('pii.exportFull')} data-testid="coverage-export-more" />
              </Dropdown>
            </Space.Compact>
          ) : (
            <Button icon={<FileExcelOutlined />} loading={exporting} onClick={exportXlsx} data-testid="coverage-export">
              {t('inst.export')}
            </Button>
          )
        }
      />
      <PurposeModal
        open={askPurpose}
        title={t('pii.exportTitle')}
        label={t('pii.exportPurpose')}
        placeholder={t('pii.exportPlaceholder')}
        okText={t('pii.exportOk')}
        intro={t('pii.exportIntro')}
        onClose={() => setAskPurpose(false)}
        onSubmit={exportFull}
      />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <span>
            <RuleTag rule="CERT-9" />
            {t('coverage.hint')}
          </span>
        }
      />
      {can(me.role, 'graduates.import') && (
        <Card size="small" title={t('coverage.roster')} style={{ marginBottom: 12 }} data-testid="coverage-roster">
          <p className="muted" style={{ marginTop: 0 }}>
            {t('coverage.rosterHint')}
          </p>
          <Space>
            <Button icon={<FileExcelOutlined />} onClick={() => void api.graduatesTemplate()}>
              {t('coverage.rosterTemplate')}
            </Button>
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={importRoster}>
              <Button icon={<UploadOutlined />} loading={importing} data-testid="coverage-roster-import">
                {t('coverage.rosterImport', { year })}
              </Button>
            </Upload>
          </Space>
        </Card>
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="page-toolbar" style={{ marginBottom: 0 }}>
          <span>{t('coverage.year')}</span>
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(d) => d && setYear(d.year())}
            data-testid="coverage-year"
          />
          {official && (
            <div style={{ width: 260 }}>
              <InstitutionPicker
                value={schoolId}
                onChange={setSchoolId}
                placeholder={t('coverage.schoolFilter')}
                style={{ width: '100%' }}
              />
            </div>
          )}
          <span className="spacer" />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />
        </div>
      </Card>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {loading && !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <div className="stat-row">
            <Card size="small">
              <Statistic
                title={t('coverage.graduates')}
                value={totals.total}
                formatter={(v) => formatNumber(Number(v))}
              />
            </Card>
            <Card size="small">
              <Statistic
                title={t('coverage.certified')}
                value={totals.certified}
                formatter={(v) => formatNumber(Number(v))}
                styles={{ content: { color: '#389e0d' } }}
              />
            </Card>
            <Card size="small">
              <Statistic
                title={t('coverage.uncertified')}
                value={totals.uncertified}
                formatter={(v) => formatNumber(Number(v))}
                styles={{ content: { color: totals.uncertified ? '#d46b08' : undefined } }}
              />
            </Card>
            <Card size="small">
              <Statistic
                title={t('coverage.rate')}
                value={totals.rate}
                suffix="%"
                precision={1}
                data-testid="coverage-rate"
              />
            </Card>
          </div>
          {official && chartItems.length > 1 && (
            <Card
              size="small"
              title={t('coverage.chart', { year })}
              style={{ marginBottom: 12 }}
              data-testid="coverage-chart-card"
            >
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
                <BarChart
                  items={chartItems}
                  seriesName={t('coverage.rate')}
                  unit="%"
                  max={100}
                  horizontal
                  testId="coverage-chart"
                />
              </Suspense>
            </Card>
          )}
          <Card size="small" title={t('coverage.bySchool')} style={{ marginBottom: 12 }}>
            <Table<School>
              data-testid="coverage-schools"
              rowKey="schoolId"
              size="small"
              dataSource={data?.schools ?? []}
              pagination={false}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.none', { year })} />,
              }}
              columns={[
                {
                  title: t('coverage.school'),
                  dataIndex: 'schoolName',
                  render: (v: string, r: School) => (
                    <span>
                      {v}{' '}
                      <Tag color={r.fromRoster ? 'blue' : 'default'}>
                        {r.fromRoster ? t('coverage.fromRoster') : t('coverage.fromRecords')}
                      </Tag>
                    </span>
                  ),
                },
                {
                  title: t('coverage.graduates'),
                  dataIndex: 'total',
                  width: 100,
                  align: 'right',
                  render: (v: number) => formatNumber(v),
                },
                {
                  title: t('coverage.certified'),
                  dataIndex: 'certified',
                  width: 100,
                  align: 'right',
                  render: (v: number) => formatNumber(v),
                },
                {
                  title: t('coverage.uncertified'),
                  dataIndex: 'uncertified',
                  width: 100,
                  align: 'right',
                  render: (v: number) => (v ? <span className="warn-text">{formatNumber(v)}</span> : 0),
                },
                {
                  title: t('coverage.rate'),
                  dataIndex: 'rate',
                  width: 240,
                  sorter: (a, b) => a.rate - b.rate,
                  render: (v: number) => (
                    <Progress percent={v} size="small" strokeColor={rateColor(v)} format={(p) => `${p}%`} />
                  ),
                },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={
              <span>
                {t('coverage.listTitle')}{' '}
                <Tag color={list.length ? 'orange' : 'green'}>{formatNumber(data?.uncertified.length ?? 0)}</Tag>
              </span>
            }
            extra={
              <Input.Search
                allowClear
                size="small"
                placeholder={t('coverage.searchPlaceholder')}
                onSearch={setQ}
                style={{ width: 220 }}
              />
            }
          >
            <Table<Uncertified>
              data-testid="coverage-uncertified"
              rowKey="learnerId"
              size="small"
              dataSource={list}
              pagination={{
                pageSize: 20,
                hideOnSinglePage: true,
                showTotal: (n: number) => t('common.total', { n: formatNumber(n) }),
              }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.allCertified')} />,
              }}
              columns={[
                { title: t('reg.name'), dataIndex: 'name', width: 120 },
                {
                  title: t('reg.idNumber'),
                  dataIndex: 'idNumber',
                  width: 220,
                  render: (v: string, r) => <IdNumber masked={v} kind="graduates" id={r.learnerId} />,
                },
                { title: t('coverage.major'), dataIndex: 'major', render: (v: string | null) => v ?? '—' },
                { title: t('coverage.school'), dataIndex: 'schoolName' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
