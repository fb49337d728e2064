import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { AuditRecord, AuditVerify } from '../../../../contract/api.js';
import { api, type AuditFilter } from '../../api';
import { formatDateTime, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorText } from '../../components/formErrors';
import { serverPagination } from '../../components/pagination';

type Outcome = AuditRecord['outcome'];
interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  outcome?: Outcome;
  objectType?: string;
}
const OUTCOME_COLOR: Record<Outcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <pre className="json-box json-empty">—</pre>;
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      /* plain text */
    }
  }
  return <pre className="json-box">{typeof v === 'string' ? v : JSON.stringify(v, null, 2)}</pre>;
}

export default function AuditPage() {
  const { t, roleLabel } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useLoad(() => api.audit(filter), [filter]);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifying, setVerifying] = useState(false);

  const search = (v: FilterValues) => {
    const [from, to] = v.range ?? [];
    setFilter({
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
      actor: v.actor?.trim() || undefined,
      action: v.action?.trim() || undefined,
      outcome: v.outcome,
      objectType: v.objectType?.trim() || undefined,
      page: 1,
      pageSize: filter.pageSize,
    });
  };
  const doVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.verifyAudit());
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Button
            icon={<SafetyCertificateOutlined />}
            onClick={doVerify}
            loading={verifying}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        }
      />
      {verify && (
        <Alert
          data-testid="audit-verify-result"
          type={verify.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          style={{ marginBottom: 12 }}
          title={
            verify.ok
              ? t('audit.verifyOk', { n: formatNumber(verify.checked) })
              : t('audit.verifyBroken', {
                  n: formatNumber(verify.checked),
                  id: verify.firstBroken?.id ?? '?',
                  reason: verify.firstBroken?.reason ?? '',
                })
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<FilterValues> form={form} onFinish={search} name="audit-filter" layout="inline" style={{ rowGap: 8 }}>
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
            />
          </Form.Item>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear style={{ width: 160 }} placeholder="auth.login" />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select<Outcome>
              allowClear
              style={{ width: 110 }}
              placeholder={t('common.all')}
              options={(['success', 'failure', 'denied'] as const).map((o) => ({
                value: o,
                label: t(`audit.outcome.${o}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="objectType" label={t('audit.objectType')}>
            <Input allowClear style={{ width: 130 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                search({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card size="small">
        <Table<AuditRecord>
          data-testid="audit-table"
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: 1100 }}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          expandable={{
            expandedRowRender: (r) => (
              <div>
                <Row gutter={16}>
                  <Col span={12}>
                    <div className="json-title">{t('audit.before')}</div>
                    <Json value={r.before} />
                  </Col>
                  <Col span={12}>
                    <div className="json-title">{t('audit.after')}</div>
                    <Json value={r.after} />
                  </Col>
                </Row>
                <Descriptions
                  size="small"
                  column={2}
                  style={{ marginTop: 8 }}
                  items={[
                    { key: 'req', label: t('audit.requestId'), children: r.requestId ?? '—' },
                    { key: 'scope', label: t('audit.actorScope'), children: r.actorScope ?? '—' },
                    {
                      key: 'hash',
                      label: t('audit.hash'),
                      span: 2,
                      children: (
                        <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                          {r.hash}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </div>
            ),
          }}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
            {
              title: t('audit.actor'),
              key: 'actor',
              width: 190,
              render: (_: unknown, r) =>
                r.actorName ? (
                  <span>
                    {r.actorName}
                    {r.actorRole && (
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                        {roleLabel(r.actorRole)}
                      </Typography.Text>
                    )}
                  </span>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 170,
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            {
              title: t('audit.object'),
              key: 'object',
              width: 160,
              render: (_: unknown, r) => (r.objectType ? `${r.objectType}${r.objectId ? ' #' + r.objectId : ''}` : '—'),
            },
            {
              title: t('audit.outcome'),
              dataIndex: 'outcome',
              width: 80,
              render: (v: Outcome) => <Tag color={OUTCOME_COLOR[v]}>{t(`audit.outcome.${v}`)}</Tag>,
            },
            { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('audit.detail'), dataIndex: 'detail', ellipsis: true, render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
    </div>
  );
}
