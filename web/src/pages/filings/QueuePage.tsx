/** 待办 — applications waiting for the caller's own department (INST-2). */
import { Card, Empty } from 'antd';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { formatNumber, useI18n } from '../../i18n';
import { WithNames } from '../../components/WithNames';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { FilingTable } from './FilingsPage';

export default function QueuePage() {
  const me = useMe();
  const { t, lang, roleLabel } = useI18n();
  const { data, error, loading, reload } = useLoad(() => api.filingQueue(), []);
  return (
    <div>
      <PageHeader
        title={t('queue.title')}
        extra={data ? <span className="muted">{t('queue.count', { n: formatNumber(data.total) })}</span> : null}
      />
      <Card size="small">
        <div className="muted" style={{ marginBottom: 10 }}>
          <WithNames
            text={t('queue.hint', {
              dept:
                lang === 'zh'
                  ? `${me.scope.label}${me.roleLabel.replace(/^[省市县]/, '')}`
                  : `\u2068${me.scope.label}\u2069 ${roleLabel(me.role).replace(/^(Province|City|County) /, '')}`,
            })}
          />
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        {data && data.items.length === 0 ? (
          <Empty description={t('queue.empty')} data-testid="queue-empty" />
        ) : (
          <FilingTable items={data?.items} loading={loading} pagination={false} testId="queue-table" showAct />
        )}
      </Card>
    </div>
  );
}
