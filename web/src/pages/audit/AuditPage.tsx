import { useEffect, useMemo, useState } from 'react';
import dayjs from 'dayjs';
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
  Tooltip,
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
import { useUrlState } from '../../components/useUrlState';
import {
  AUDIT_ACTIONS,
  AUDIT_OBJECTS,
  auditActionLabel,
  auditObjectLabel,
} from '../../../../contract/audit-actions.js';

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
  const { t, lang, roleLabel } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilterValues>();
  // the search in the address: a refresh, a shared link and Back keep it
  const [filter, setFilter] = useUrlState<AuditFilter & { page: number; pageSize: number }>(
    { page: 1, pageSize: 20 },
    {
      from: 'string',
      to: 'string',
      actor: 'string',
      action: 'string',
      outcome: 'string',
      objectType: 'string',
      page: 'number',
      pageSize: 'number',
    },
  );
  // the form shows what the address holds (after Back, or a link opened)
  useEffect(() => {
    form.setFieldsValue({
      range:
        filter.from || filter.to
          ? [filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]
          : null,
      actor: filter.actor,
      action: filter.action,
      outcome: filter.outcome,
      objectType: filter.objectType,
    });
  }, [form, filter.from, filter.to, filter.actor, filter.action, filter.outcome, filter.objectType]);
  // actions and objects by name, in the reader's language (登录, not auth.login)
  const actionOptions = useMemo(
    () =>
      Object.keys(AUDIT_ACTIONS)
        .map((a) => ({ value: a, label: auditActionLabel(a, lang), search: `${auditActionLabel(a, lang)} ${a}` }))
        .sort((a, b) => a.label.localeCompare(b.label, lang === 'zh' ? 'zh-CN' : 'en')),
    [lang],
  );
  const objectOptions = useMemo(
    () => Object.keys(AUDIT_OBJECTS).map((o) => ({ value: o, label: auditObjectLabel(o, lang) })),
    [lang],
  );
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
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'search' }}
              style={{ width: 190 }}
              placeholder={t('common.all')}
              options={actionOptions}
              data-testid="audit-action-filter"
            />
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
            <Select allowClear style={{ width: 140 }} placeholder={t('common.all')} options={objectOptions} />
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
                  <span data-testid="audit-actor">
                    <span translate="no">{r.actorDisplayName ?? r.actorName}</span>
                    {r.actorDisplayName && r.actorDisplayName !== r.actorName && (
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
                        {r.actorName}
                      </Typography.Text>
                    )}
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
              render: (v: string) => (
                <Tooltip title={v}>
                  <span data-testid="audit-action">{auditActionLabel(v, lang)}</span>
                </Tooltip>
              ),
            },
            {
              title: t('audit.object'),
              key: 'object',
              width: 160,
              render: (_: unknown, r) =>
                r.objectType ? (
                  <span data-testid="audit-object">
                    {auditObjectLabel(r.objectType, lang)}{' '}
                    {r.objectLabel ? (
                      <span translate="no">{r.objectLabel}</span>
                    ) : r.objectId ? (
                      <span className="muted">#{r.objectId}</span>
                    ) : null}
                  </span>
                ) : (
                  '—'
                ),
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
