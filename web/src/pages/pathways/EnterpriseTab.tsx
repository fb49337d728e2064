/**
 * 企校合作 (CERT-6): the agreements this institution is party to, with the steps it may take on
 * each (contract/partnership-workflow.ts) — a school accepts or declines a proposal, an enterprise
 * withdraws one, either ends an accepted one — and, for a filed enterprise, proposing an agreement
 * and evaluating a student on the partner school's roster under an agreement in force.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type Partnership, type PathwayIssued } from '../../api';
import type { PartnershipStep } from '../../../../contract/partnership-workflow.js';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { OccupationSelect } from '../../components/OccupationSelect';
import { applyFieldErrors } from '../../components/formErrors';
import { useSubmit } from '../../components/useSubmit';
import { levelText } from '../institutions/InstitutionStatus';
import {
  AGREEMENT_MAX_LENGTH,
  AGREEMENT_MIN_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  RESIDENT_ID_LENGTH,
  RESIDENT_ID_PATTERN,
  SCORE_MAX,
  SCORE_MIN,
  YEARS_IN_OCCUPATION_MAX,
} from '../../../../contract/limits.js';
import { IDENTITY_FIELDS, IssuedAlert, SchoolPicker, RuleHint } from './PathwayParts';

/** What this institution is in enterprise cooperation: the enterprise, the school, or neither. */
export type CooperationSide = 'enterprise' | 'school' | 'other';

const STATUS_COLOR: Record<Partnership['status'], string> = {
  proposed: 'processing',
  accepted: 'success',
  declined: 'error',
  withdrawn: 'default',
  ended: 'default',
};

function PartnershipsTable({
  data,
  loading,
  onChanged,
}: {
  data: Partnership[];
  loading: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<{ p: Partnership; step: PartnershipStep } | null>(null);
  const { error, run } = useSubmit();
  const take = async (p: Partnership, step: PartnershipStep, reason?: string) => {
    await api.partnershipStep(p.id, { step, ...(reason ? { reason } : {}) });
    message.success(t('partnership.stepDone', { step: t(`partnership.step.${step}`) }));
    onChanged();
  };
  return (
    <>
      <ErrorAlert error={error} testId="partnership-error" />
      <Table<Partnership>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data}
        pagination={data.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 1400 }}
        data-testid="partnership-table"
        locale={{ emptyText: t('partnership.none') }}
        columns={[
          { title: t('partnership.enterprise'), dataIndex: 'enterpriseName', width: 170 },
          { title: t('partnership.school'), dataIndex: 'schoolName', width: 170 },
          { title: t('pathway.agreement'), dataIndex: 'agreement', width: 260 },
          {
            title: t('pathway.validity'),
            key: 'validity',
            width: 190,
            render: (_: unknown, p) => `${p.validFrom} ~ ${p.validUntil}`,
          },
          {
            title: t('common.status'),
            key: 'status',
            width: 150,
            render: (_: unknown, p) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLOR[p.status]}>{t(`partnership.status.${p.status}`)}</Tag>
                {p.inForce && <Tag color="green">{t('partnership.inForce')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('partnership.recordedWith'),
            dataIndex: 'recordedWith',
            width: 130,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('partnership.reason'),
            key: 'reason',
            width: 180,
            render: (_: unknown, p) => <span className="small">{p.endReason ?? p.decisionReason ?? '—'}</span>,
          },
          {
            title: t('common.actions'),
            key: 'act',
            width: 150,
            fixed: 'right',
            render: (_: unknown, p) => (
              <Space size={0}>
                {p.steps.map((step) =>
                  step === 'accept' ? (
                    <Popconfirm
                      key={step}
                      title={t('partnership.acceptConfirm', { enterprise: p.enterpriseName })}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => run(() => take(p, step))}
                    >
                      <Button size="small" type="link" data-testid="partnership-accept">
                        {t('partnership.step.accept')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      key={step}
                      size="small"
                      type="link"
                      danger={step !== 'withdraw'}
                      onClick={() => setAsking({ p, step })}
                      data-testid={`partnership-${step}`}
                    >
                      {t(`partnership.step.${step}`)}
                    </Button>
                  ),
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReasonModal
        open={asking !== null}
        title={
          asking
            ? t('partnership.stepTitle', { step: t(`partnership.step.${asking.step}`), agreement: asking.p.agreement })
            : ''
        }
        danger={asking?.step !== 'withdraw'}
        optional={asking?.step === 'withdraw'}
        onSubmit={(v) => take(asking!.p, asking!.step, v.reason || undefined)}
        onClose={() => setAsking(null)}
      />
    </>
  );
}

function ProposeCard({ onProposed }: { onProposed: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit();
  const finish = async (v: Record<string, unknown>) => {
    await run(
      async () => {
        const [from, until] = v.range as [Dayjs, Dayjs];
        const r = await api.proposePartnership({
          schoolId: v.schoolId as number,
          agreement: String(v.agreement).trim(),
          validFrom: from.format('YYYY-MM-DD'),
          validUntil: until.format('YYYY-MM-DD'),
        });
        message.success(t('partnership.proposed', { school: r.schoolName }));
        form.resetFields();
        onProposed();
      },
      (e) => applyFieldErrors(form, e, IDENTITY_FIELDS),
    );
  };
  return (
    <Card size="small" className="plan-card" title={t('partnership.proposeTitle')}>
      <RuleHint rule="CERT-6">{t('partnership.proposeHint')}</RuleHint>
      <ErrorAlert error={error} testId="propose-error" />
      <Form form={form} layout="vertical" name="partnership" onFinish={finish}>
        <Form.Item name="schoolId" label={t('pathway.school')} rules={[{ required: true }]}>
          <SchoolPicker />
        </Form.Item>
        <Form.Item
          name="agreement"
          label={t('pathway.agreement')}
          rules={[{ required: true, whitespace: true, min: AGREEMENT_MIN_LENGTH }]}
        >
          <Input maxLength={AGREEMENT_MAX_LENGTH} placeholder={t('pathway.agreementPlaceholder')} />
        </Form.Item>
        <Form.Item name="range" label={t('pathway.validity')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Button htmlType="submit" loading={busy} icon={<SendOutlined />} data-testid="propose-submit">
          {t('partnership.propose')}
        </Button>
      </Form>
    </Card>
  );
}

function EvaluateCard({ agreements, onIssued }: { agreements: Partnership[]; onIssued: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit();
  const [issued, setIssued] = useState<PathwayIssued | null>(null);
  const level = Form.useWatch('level', form) as number | undefined;
  const panel = (level ?? 5) <= 2; // levels 2 and 1 add the review panel (the standard's parts)
  const finish = async (v: Record<string, unknown>) => {
    setIssued(null);
    await run(
      async () => {
        const r = await api.enterprise({
          partnershipId: v.partnershipId as number,
          name: String(v.name).trim(),
          idNumber: String(v.idNumber).trim().toUpperCase(),
          occupationId: v.occupationId as number,
          level: v.level as 1,
          scores: {
            theory: v.theory as number,
            practical: v.practical as number,
            ...(panel ? { panel: v.panel as number } : {}),
          },
          ...(v.yearsInOccupation !== undefined && v.yearsInOccupation !== null
            ? { yearsInOccupation: v.yearsInOccupation as number }
            : {}),
          outstandingGraduate: !!v.outstandingGraduate,
        });
        setIssued(r);
        form.resetFields();
        onIssued();
      },
      (e) => applyFieldErrors(form, e, IDENTITY_FIELDS),
    );
  };
  const score = <InputNumber min={SCORE_MIN} max={SCORE_MAX} precision={1} style={{ width: '100%' }} />;
  return (
    <Card size="small" className="plan-card" title={t('pathway.enterpriseTitle')}>
      <RuleHint rule="CERT-6">{t('pathway.enterpriseHint')}</RuleHint>
      {agreements.length === 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('partnership.noneInForce')} />
      )}
      <IssuedAlert r={issued} />
      <ErrorAlert error={error} testId="enterprise-error" />
      <Form form={form} layout="vertical" name="enterprise" onFinish={finish} initialValues={{ level: 4 }}>
        <Form.Item name="partnershipId" label={t('partnership.select')} rules={[{ required: true }]}>
          <Select
            placeholder={t('partnership.selectPlaceholder')}
            options={agreements.map((p) => ({ value: p.id, label: `${p.schoolName} · ${p.agreement}` }))}
          />
        </Form.Item>
        <div className="form-grid">
          <Form.Item
            name="name"
            label={t('reg.name')}
            rules={[{ required: true, whitespace: true, message: t('reg.nameRequired') }]}
          >
            <Input maxLength={PERSON_NAME_MAX_LENGTH} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('reg.idNumber')}
            rules={[
              { required: true, whitespace: true, message: t('reg.idRequired') },
              { pattern: new RegExp(RESIDENT_ID_PATTERN), message: t('reg.idRule') },
            ]}
            extra={t('partnership.rosterHint')}
          >
            <Input maxLength={RESIDENT_ID_LENGTH} className="mono" />
          </Form.Item>
          <Form.Item
            name="occupationId"
            label={t('plan.occupation')}
            rules={[{ required: true, message: t('filing.occupationRequired') }]}
          >
            <OccupationSelect />
          </Form.Item>
          <Form.Item name="level" label={t('plan.level')} rules={[{ required: true }]}>
            <Select options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))} />
          </Form.Item>
          <Form.Item name="theory" label={t('part.theory')} rules={[{ required: true }]}>
            {score}
          </Form.Item>
          <Form.Item name="practical" label={t('part.practical')} rules={[{ required: true }]}>
            {score}
          </Form.Item>
          {panel && (
            <Form.Item name="panel" label={t('part.panel')} rules={[{ required: true }]}>
              {score}
            </Form.Item>
          )}
          <Form.Item name="yearsInOccupation" label={t('reg.years')}>
            <InputNumber min={0} max={YEARS_IN_OCCUPATION_MAX} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="outstandingGraduate"
            label={t('reg.outstanding')}
            valuePropName="checked"
            extra={t('reg.outstandingHint')}
          >
            <Switch />
          </Form.Item>
        </div>
        <Button
          type="primary"
          htmlType="submit"
          loading={busy}
          icon={<SafetyCertificateOutlined />}
          data-testid="enterprise-submit"
        >
          {t('pathway.issue')}
        </Button>
      </Form>
    </Card>
  );
}

export function EnterpriseTab({ onIssued, side }: { onIssued: () => void; side: CooperationSide | null }) {
  const { t } = useI18n();
  const list = useLoad(() => api.partnerships(), []);
  const data = list.data ?? [];
  const inForce = data.filter((p) => p.side === 'enterprise' && p.inForce);
  return (
    <>
      {side === 'other' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span>
              <RuleTag rule="CERT-6" />
              {t('pathway.enterpriseOnly')}
            </span>
          }
        />
      )}
      {side === 'school' && <RuleHint rule="CERT-6">{t('partnership.schoolHint')}</RuleHint>}
      <Card size="small" className="plan-card" title={t('partnership.listTitle', { n: data.length })}>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <PartnershipsTable data={data} loading={list.loading} onChanged={() => void list.reload()} />
      </Card>
      {side === 'enterprise' && (
        <div className="pathway-grid">
          <ProposeCard onProposed={() => void list.reload()} />
          <EvaluateCard agreements={inForce} onIssued={onIssued} />
        </div>
      )}
    </>
  );
}
