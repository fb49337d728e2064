/**
 * 职业技能提升行动专账资金: each city-level unit's budget for a year, entered by the province or the
 * city, and what is committed (approved by finance, not yet paid), paid, recovered and left —
 * computed from the claims and payments, never typed. A claim beyond the balance is refused when
 * finance approves it, unless it is committed to the employment subsidy fund (许技领办〔2021〕4号
 * 三（二）: 专账资金无结余的从就业补助资金中支出).
 */
import { useState } from 'react';
import { App, Card, Form, Input, InputNumber, Modal, Select, Table, Button } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { api, type Fund } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { businessDate, formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { useSubmit } from '../../components/useSubmit';
import { yuanText } from './labels';
import '../plans/plans.css';

function BudgetModal({ fund, onClose, onSaved }: { fund: Fund | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(fund !== null, () => form.resetFields());
  return (
    <Modal
      open={fund !== null}
      title={fund ? t('sub.funds.editTitle', { region: fund.regionName, year: fund.year }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'fund-save' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      {fund && (
        <Form
          form={form}
          layout="vertical"
          name="fund"
          initialValues={{ yuan: fund.budgetFen === null ? undefined : fund.budgetFen / 100, note: fund.note ?? '' }}
          onFinish={async (v: { yuan: number; note?: string }) => {
            const ok = await run(() =>
              api.setFund(fund.regionCode, fund.year, {
                budgetFen: Math.round(v.yuan * 100),
                note: v.note?.trim() || null,
              }),
            );
            if (ok) {
              message.success(t('common.saved'));
              onSaved();
              onClose();
            }
          }}
        >
          <Form.Item name="yuan" label={t('sub.funds.budget')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} addonBefore="¥" data-testid="fund-budget" />
          </Form.Item>
          <Form.Item name="note" label={t('sub.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

export default function FundsPage() {
  const me = useMe();
  const { t } = useI18n();
  const thisYear = Number(businessDate().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const { data, error, loading, reload } = useLoad(() => api.funds(year), [year]);
  const [editing, setEditing] = useState<Fund | null>(null);
  const editable = can(me.role, 'subsidy.fund.edit');
  const money = (key: keyof Fund, title: string, danger = false) => ({
    title,
    dataIndex: key,
    width: 130,
    align: 'right' as const,
    render: (v: number | null) => (
      <span className={danger && v !== null && v < 0 ? 'err-text' : undefined}>{yuanText(v)}</span>
    ),
  });
  return (
    <div>
      <PageHeader
        title={t('sub.fundsTitle')}
        extra={
          <Select
            value={year}
            onChange={setYear}
            style={{ width: 110 }}
            options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y}` }))}
            data-testid="fund-year"
          />
        }
      />
      <div className="muted small" style={{ marginBottom: 12 }}>
        {t('sub.fundsIntro')}
      </div>
      <Card size="small">
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Fund>
          size="small"
          rowKey="regionCode"
          loading={loading}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 1300 }}
          data-testid="funds-table"
          columns={[
            { title: t('sub.fundRegion'), dataIndex: 'regionName', width: 120, fixed: 'left' },
            money('budgetFen', t('sub.funds.budget')),
            money('committedFen', t('sub.funds.committed')),
            money('paidFen', t('sub.funds.paid')),
            money('recoveredFen', t('sub.funds.recovered')),
            money('remainingFen', t('sub.funds.remaining'), true),
            money('pendingFen', t('sub.funds.pending')),
            money('employmentFundFen', t('sub.funds.employment')),
            {
              title: t('sub.rate.updated'),
              key: 'upd',
              width: 170,
              render: (_: unknown, r) => (
                <span className="small">{r.updatedAt ? formatDateTime(r.updatedAt) : '—'}</span>
              ),
            },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'act',
                    width: 90,
                    render: (_: unknown, r: Fund) => (
                      <Button
                        size="small"
                        type="link"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(r)}
                        data-testid={`fund-edit-${r.regionCode}`}
                      >
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <BudgetModal fund={editing} onClose={() => setEditing(null)} onSaved={() => void reload()} />
    </div>
  );
}
