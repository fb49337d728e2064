import { Alert, Card, Table, Tag } from 'antd';
import { api, type Level } from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';

export default function LevelsPage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => api.levels(), []);
  return (
    <div>
      <PageHeader title={t('level.title')} />
      <Alert type="info" showIcon title={t('level.note')} style={{ marginBottom: 12 }} />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card size="small">
        <Table<Level>
          data-testid="level-table"
          rowKey="digit"
          size="middle"
          loading={loading}
          dataSource={data}
          pagination={false}
          columns={[
            {
              title: t('level.digit'),
              dataIndex: 'digit',
              width: 100,
              align: 'center',
              render: (v: number) => (
                <Tag color="blue" style={{ fontFamily: 'monospace' }}>
                  {v}
                </Tag>
              ),
            },
            // the official Chinese names, with the English name beside them
            {
              title: t('level.name'),
              dataIndex: 'name',
              width: 120,
              render: (v: string) => <span translate="no">{v}</span>,
            },
            {
              title: t('level.titleCol'),
              dataIndex: 'title',
              width: 160,
              render: (v: string) => <span translate="no">{v}</span>,
            },
            { title: t('level.nameEn'), dataIndex: 'nameEn' },
            {
              title: t('level.highSkill'),
              dataIndex: 'highSkill',
              width: 130,
              render: (v: boolean) => (v ? <Tag color="volcano">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
            },
          ]}
        />
      </Card>
    </div>
  );
}
