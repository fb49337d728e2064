/**
 * 评价计划 — the institution's evaluation plans (考试考核, CERT-2), or all plans in the official's
 * region (read only). The institution admin creates a plan within its filed scope (INST-4).
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, type GrantedScope, type PlanSummary } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDate, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { applyFieldErrors } from '../../components/formErrors';
import { levelText } from '../institutions/InstitutionStatus';
import { PlanStatusTag, plainDate } from './labels';
import './plans.css';
import { useSubmit } from '../../components/useSubmit';
import {
  PLAN_FEE_MAX,
  PLAN_NOTICE_MAX_LENGTH,
  PLAN_TITLE_MAX_LENGTH,
  PLAN_TITLE_MIN_LENGTH,
  PLAN_YEAR_MIN,
  YEAR_MAX,
} from '../../../../contract/limits.js';

const STATUSES = ['draft', 'published', 'results_published', 'finalized'] as const;

interface NewPlanValues {
  occupationId: number;
  level: number;
  year: number;
  title: string;
  fee: number;
  notice?: string;
}

function NewPlanModal({ open, institutionId, onClose }: { open: boolean; institutionId: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewPlanValues>();
  const [scopes, setScopes] = useState<GrantedScope[]>([]);
  const { busy, error, run } = useSubmit(open, () => {
    form.resetFields();
    setTitleTouched(false);
  });
  const [titleTouched, setTitleTouched] = useState(false);
  const occupationId = Form.useWatch('occupationId', form);
  const level = Form.useWatch('level', form);
  const year = Form.useWatch('year', form);

  useEffect(() => {
    if (!open) return;
    api.institutionScopes(institutionId).then(setScopes, () => setScopes([]));
  }, [open, institutionId]);
  const occupations = useMemo(() => [...new Map(scopes.map((s) => [s.occupationId, s])).values()], [scopes]);
  const granted = new Set(scopes.filter((s) => s.occupationId === occupationId).map((s) => s.level));
  // the title follows occupation, level and year until the person types their own
  useEffect(() => {
    if (titleTouched) return;
    const occ = occupations.find((o) => o.occupationId === occupationId);
    if (occ && level && year)
      form.setFieldValue(
        'title',
        t('plan.titleTemplate', { year, occupation: occ.occupationName, level: levelText(level, 'zh') }),
      );
  }, [occupationId, level, year, occupations, titleTouched, form, t]);

  const finish = async (v: NewPlanValues) => {
    await run(
      async () => {
        const p = await api.createPlan({
          occupationId: v.occupationId,
          level: v.level,
          year: v.year,
          title: v.title.trim(),
          fee: v.fee ?? 0,
          notice: v.notice?.trim() || null,
        });
        message.success(t('plan.created'));
        onClose();
        navigate(`/plans/${p.id}`);
      },
      (e) => applyFieldErrors(form, e, ['occupationId', 'level', 'year', 'title', 'fee', 'notice']),
    );
  };

  return (
    <Modal
      open={open}
      title={t('plan.new')}
      width={620}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'plan-save' } as never}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('plan.newHint')} />
      <ErrorAlert error={error} testId="plan-error" />
      <Form
        form={form}
        layout="vertical"
        name="plan"
        onFinish={finish}
        initialValues={{ year: new Date().getFullYear(), fee: 0 }}
      >
        <Form.Item
          name="occupationId"
          label={t('plan.occupation')}
          rules={[{ required: true, message: t('filing.occupationRequired') }]}
        >
          <Select
            data-testid="plan-occupation"
            placeholder={t('filing.pickOccupation')}
            showSearch={{ optionFilterProp: 'search' }}
            options={occupations.map((o) => ({
              value: o.occupationId,
              label: o.occupationName,
              search: `${o.occupationCode} ${o.occupationName}`,
              code: o.occupationCode,
            }))}
            optionRender={(o) => (
              <span>
                {o.data.label} <span className="muted mono">{o.data.code}</span>
              </span>
            )}
            onChange={() => form.setFieldValue('level', undefined)}
            notFoundContent={t('scope.none')}
          />
        </Form.Item>
        <Form.Item
          name="level"
          label={t('plan.level')}
          rules={[{ required: true, message: t('plan.levelRequired') }]}
          extra={t('plan.levelHint')}
        >
          <Radio.Group data-testid="plan-level">
            {[5, 4, 3, 2, 1].map((l) => {
              const ok = granted.has(l);
              const r = (
                <Radio.Button key={l} value={l} disabled={!ok}>
                  {levelText(l, lang)}
                </Radio.Button>
              );
              return ok || !occupationId ? (
                r
              ) : (
                <Tooltip key={l} title={t('plan.outOfScope')}>
                  {r}
                </Tooltip>
              );
            })}
          </Radio.Group>
        </Form.Item>
        <div className="form-row">
          <Form.Item name="year" label={t('plan.year')} rules={[{ required: true }]} style={{ width: 140 }}>
            <InputNumber min={PLAN_YEAR_MIN} max={YEAR_MAX} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="fee" label={t('plan.fee')} extra={t('plan.feeHint')} style={{ flex: 1 }}>
            <InputNumber min={0} max={PLAN_FEE_MAX} precision={0} addonAfter={t('unit.yuan')} style={{ width: 200 }} />
          </Form.Item>
        </div>
        <Form.Item
          name="title"
          label={t('plan.title')}
          rules={[{ required: true, whitespace: true, min: PLAN_TITLE_MIN_LENGTH, message: t('plan.titleRequired') }]}
        >
          <Input maxLength={PLAN_TITLE_MAX_LENGTH} onChange={() => setTitleTouched(true)} data-testid="plan-title" />
        </Form.Item>
        <Form.Item name="notice" label={t('plan.notice')}>
          <Input.TextArea
            rows={3}
            maxLength={PLAN_NOTICE_MAX_LENGTH}
            showCount
            placeholder={t('plan.noticePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PlansPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useLoad(() => api.plans(), []);
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const manager = can(me.role, 'plan.manage') && !!me.scope.institutionId;
  const official = !me.scope.institutionId;
  const rows = (data ?? []).filter(
    (p) =>
      (!status || p.status === status) &&
      (!q || `${p.title}${p.occupationName}${p.institutionName}`.includes(q.trim())),
  );

  return (
    <div>
      <PageHeader
        title={official ? t('plan.listTitle') : t('plan.mineTitle')}
        extra={
          manager && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">
              {t('plan.new')}
            </Button>
          )
        }
      />
      {manager && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('plan.flowHint')} />}
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search allowClear placeholder={t('plan.searchPlaceholder')} style={{ width: 260 }} onSearch={setQ} />
          <Select
            allowClear
            placeholder={t('plan.statusFilter')}
            style={{ width: 160 }}
            value={status}
            onChange={setStatus}
            options={STATUSES.map((s) => ({ value: s, label: t(`planStatus.${s}`) }))}
          />
          <span className="spacer" />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('common.refresh')}
          </Button>
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<PlanSummary>
          data-testid="plan-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={rows}
          scroll={{ x: 1100 }}
          pagination={{
            pageSize: 20,
            showTotal: (n: number) => t('common.total', { n: formatNumber(n) }),
            hideOnSinglePage: true,
          }}
          onRow={(r) => ({ onClick: () => navigate(`/plans/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('plan.no'),
              dataIndex: 'id',
              width: 72,
              render: (v: number) => <span className="mono">#{v}</span>,
            },
            {
              title: t('plan.title'),
              dataIndex: 'title',
              render: (v: string) => <Typography.Link>{v}</Typography.Link>,
            },
            ...(official ? [{ title: t('inst.name'), dataIndex: 'institutionName', width: 200 }] : []),
            {
              title: t('plan.occupation'),
              dataIndex: 'occupationName',
              width: 150,
              render: (v: string, r: PlanSummary) => (
                <span>
                  {v} <span className="muted mono">{r.occupationCode}</span>
                </span>
              ),
            },
            { title: t('plan.level'), dataIndex: 'level', width: 120, render: (v: number) => levelText(v, lang) },
            { title: t('plan.year'), dataIndex: 'year', width: 70 },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 120,
              render: (_: string, r: PlanSummary) => <PlanStatusTag status={r.status} label={r.statusLabel} />,
            },
            {
              title: t('plan.publishedAt'),
              dataIndex: 'publishedAt',
              width: 110,
              render: (v: string | null) => formatDate(v),
            },
            {
              title: t('plan.publicityUntil'),
              dataIndex: 'publicityUntil',
              width: 110,
              render: (v: string | null) => plainDate(v),
            },
          ]}
        />
      </Card>
      {manager && (
        <NewPlanModal open={creating} institutionId={me.scope.institutionId!} onClose={() => setCreating(false)} />
      )}
    </div>
  );
}
