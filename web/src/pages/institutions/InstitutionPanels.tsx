/**
 * Pieces of an institution's record shared by the institution's own page and the officials'
 * detail drawer: the granted scope (INST-4), the management and credit history with the credit
 * grade (INST-5, INST-8), dynamic-management actions for HRSS, credit events, and the edit form.
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table } from 'antd';
import { EditOutlined, ExclamationCircleOutlined, FileTextOutlined } from '@ant-design/icons';
import type { Institution } from '../../../../contract/api.js';
import type { InstitutionDetail } from '../../../../contract/api-institutions.js';
import {
  CREDIT_EVENTS,
  INSTITUTION_KINDS,
  SCHOOL_TYPES,
  type ManagementAction,
} from '../../../../contract/institutions.js';
import { api, type GrantedScope } from '../../api';
import { formatDate, useI18n, type MessageKey } from '../../i18n';
import { ReasonModal } from '../../components/ReasonModal';
import { ErrorAlert } from '../../components/ApiErrorView';
import { applyFieldErrors } from '../../components/formErrors';
import { RegionPicker } from '../../components/RegionPicker';
import { LevelTags } from './InstitutionStatus';
import { kindLabel, schoolTypeLabel } from './labels';
import { useSubmit } from '../../components/useSubmit';
import {
  ADDRESS_MAX_LENGTH,
  CREDIT_CODE_LENGTH,
  CREDIT_CODE_PATTERN,
  INSTITUTION_NAME_MAX_LENGTH,
  INSTITUTION_NAME_MIN_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  REASON_MAX_LENGTH,
  REASON_MIN_LENGTH,
} from '../../../../contract/limits.js';

/** Granted scope grouped by occupation: 职业 → 等级 tags. */
export function ScopesTable({ scopes, loading }: { scopes: GrantedScope[] | undefined; loading?: boolean }) {
  const { t } = useI18n();
  const rows = useMemo(() => {
    const m = new Map<number, { occupationId: number; code: string; name: string; levels: number[]; since: string }>();
    for (const s of scopes ?? []) {
      const r = m.get(s.occupationId) ?? {
        occupationId: s.occupationId,
        code: s.occupationCode,
        name: s.occupationName,
        levels: [],
        since: s.grantedAt,
      };
      r.levels.push(s.level);
      if (s.grantedAt < r.since) r.since = s.grantedAt;
      m.set(s.occupationId, r);
    }
    return [...m.values()];
  }, [scopes]);
  return (
    <Table
      data-testid="scopes-table"
      size="small"
      rowKey="occupationId"
      loading={loading}
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scope.none')} /> }}
      columns={[
        {
          title: t('occ.code'),
          dataIndex: 'code',
          width: 120,
          render: (v: string) => <span className="mono">{v}</span>,
        },
        { title: t('occ.name'), dataIndex: 'name', width: 170 },
        { title: t('scope.levels'), dataIndex: 'levels', render: (v: number[]) => <LevelTags levels={v} short /> },
        { title: t('scope.since'), dataIndex: 'since', width: 110, render: (v: string) => formatDate(v) },
      ]}
    />
  );
}

/**
 * 动态管理 (INST-5): the actions the server offers for the institution's status, the proposed one
 * first (suspension after a passed rectification deadline); shown disabled, with the reason, to
 * an official who is not the filing authority or its superior.
 */
export function ManageActions({ inst, onDone }: { inst: InstitutionDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState<ManagementAction | null>(null);
  const actions = inst.managementActions;
  if (!actions.length) return <span className="muted">{t('mgmt.noneForStatus', { status: inst.statusLabel })}</span>;
  const disabled = !inst.mayManage;
  const label = (a: ManagementAction) => t(`mgmt.${a}` as MessageKey);
  return (
    <>
      {inst.rectificationOverdue && (
        <div className="warn-box" data-testid="mgmt-overdue" style={{ marginBottom: 8 }}>
          <ExclamationCircleOutlined /> {t('mgmt.overdue', { date: formatDate(inst.rectificationDeadline) })}
        </div>
      )}
      {disabled && inst.mayManageReason && (
        <div className="muted small" data-testid="mgmt-not-authority" style={{ marginBottom: 8 }}>
          {inst.mayManageReason}
        </div>
      )}
      <Space wrap data-testid="manage-actions">
        {actions.map((a) =>
          a === 'revoke' ? (
            <Popconfirm
              key={a}
              title={t('mgmt.revokeConfirm', { name: inst.name })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => setAction(a)}
              disabled={disabled}
            >
              <Button
                danger
                size="small"
                data-testid="mgmt-revoke"
                disabled={disabled}
                title={inst.mayManageReason ?? undefined}
              >
                {label(a)}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              key={a}
              size="small"
              danger={a === 'suspend'}
              type={
                a === inst.proposedAction ||
                (!inst.proposedAction && (a === 'reinstate' || a === 'complete_rectification'))
                  ? 'primary'
                  : 'default'
              }
              disabled={disabled}
              title={inst.mayManageReason ?? undefined}
              onClick={() => setAction(a)}
              data-testid={`mgmt-${a}`}
            >
              {label(a)}
            </Button>
          ),
        )}
      </Space>
      <ReasonModal
        open={action !== null}
        title={action ? `${label(action)} · ${inst.name}` : ''}
        okText={action ? label(action) : undefined}
        danger={action === 'revoke' || action === 'suspend'}
        withDeadline={action === 'rectify'}
        extra={action === 'revoke' ? <ErrorAlertLike text={t('mgmt.revokeWarning')} /> : null}
        onSubmit={async (v) => {
          const r = await api.manageInstitution(inst.id, {
            action: action!,
            reason: v.reason,
            ...(v.deadline ? { deadline: v.deadline } : {}),
          });
          message.success(t('mgmt.done', { status: r.statusLabel }));
          onDone();
        }}
        onClose={() => setAction(null)}
      />
    </>
  );
}

function ErrorAlertLike({ text }: { text: string }) {
  return (
    <div className="warn-box">
      <ExclamationCircleOutlined /> {text}
    </div>
  );
}

/** 记录信用事件 (INST-8). */
export function CreditEventButton({ inst, onDone }: { inst: Institution; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ type: keyof typeof CREDIT_EVENTS; reason: string }>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const finish = async (v: { type: keyof typeof CREDIT_EVENTS; reason: string }) => {
    await run(async () => {
      const r = await api.addCreditEvent(inst.id, { type: v.type, reason: v.reason.trim() });
      message.success(t('credit.recorded', { grade: r.grade, score: r.score }));
      setOpen(false);
      onDone();
    });
  };
  return (
    <>
      <Button size="small" icon={<FileTextOutlined />} onClick={() => setOpen(true)} data-testid="credit-event">
        {t('credit.record')}
      </Button>
      <Modal
        open={open}
        title={`${t('credit.record')} · ${inst.name}`}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: busy }}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" name="credit" onFinish={finish}>
          <Form.Item
            name="type"
            label={t('credit.type')}
            rules={[{ required: true, message: t('credit.typeRequired') }]}
          >
            <Select
              options={(Object.keys(CREDIT_EVENTS) as (keyof typeof CREDIT_EVENTS)[]).map((k) => ({
                value: k,
                label: t(`creditEvent.${k}` as MessageKey),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('reason.label')}
            rules={[
              { required: true, whitespace: true, message: t('reason.required') },
              { min: REASON_MIN_LENGTH, message: t('reason.min') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={REASON_MAX_LENGTH} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface EditValues {
  name?: string;
  creditCode?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
}

/** 编辑机构信息: contacts and credit code; the name only before filing (INST-6). */
export function InstitutionEditButton({ inst, onDone }: { inst: Institution; onDone: (i: Institution) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<EditValues>();
  const { busy, error, setError, run } = useSubmit();
  const canRename = !inst.filingNo;
  useEffect(() => {
    if (open) {
      form.setFieldsValue({
        name: inst.name,
        creditCode: inst.creditCode ?? '',
        contactName: inst.contactName ?? '',
        contactPhone: inst.contactPhone ?? '',
        address: inst.address ?? '',
      });
      setError(null);
    }
  }, [open, inst, form]);
  const finish = async (v: EditValues) => {
    const body = {
      ...(canRename && v.name?.trim() && v.name.trim() !== inst.name ? { name: v.name.trim() } : {}),
      creditCode: v.creditCode?.trim() || null,
      contactName: v.contactName?.trim() || null,
      contactPhone: v.contactPhone?.trim() || null,
      address: v.address?.trim() || null,
    };
    await run(
      async () => {
        const r = await api.patchInstitution(inst.id, body);
        message.success(t('common.saved'));
        setOpen(false);
        onDone(r);
      },
      (e) => applyFieldErrors(form, e, ['name', 'creditCode', 'contactName', 'contactPhone', 'address']),
    );
  };
  return (
    <>
      <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)} data-testid="inst-edit">
        {t('inst.edit')}
      </Button>
      <Modal
        open={open}
        title={t('inst.edit')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ loading: busy }}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" name="inst-edit" onFinish={finish}>
          <Form.Item
            name="name"
            label={t('inst.name')}
            extra={canRename ? undefined : t('inst.nameLocked')}
            rules={[{ required: true, min: INSTITUTION_NAME_MIN_LENGTH, message: t('inst.nameRequired') }]}
          >
            <Input maxLength={INSTITUTION_NAME_MAX_LENGTH} disabled={!canRename} />
          </Form.Item>
          <ContactFields />
        </Form>
      </Modal>
    </>
  );
}

interface CreateValues {
  name: string;
  kind: keyof typeof INSTITUTION_KINDS;
  schoolType?: keyof typeof SCHOOL_TYPES;
  owner: 'province' | 'local';
  regionCode: string;
  creditCode?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
}

/** 登记机构 (officials, inside their region). */
export function InstitutionCreateModal({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (i: Institution) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  const kind = Form.useWatch('kind', form);
  const finish = async (v: CreateValues) => {
    await run(
      async () => {
        const r = await api.createInstitution({
          name: v.name.trim(),
          kind: v.kind,
          schoolType: v.kind === 'college' ? (v.schoolType ?? null) : null,
          owner: v.owner,
          regionCode: v.regionCode,
          creditCode: v.creditCode?.trim() || null,
          contactName: v.contactName?.trim() || null,
          contactPhone: v.contactPhone?.trim() || null,
          address: v.address?.trim() || null,
        });
        onDone(r);
      },
      (e) =>
        applyFieldErrors(form, e, [
          'name',
          'kind',
          'schoolType',
          'owner',
          'regionCode',
          'creditCode',
          'contactName',
          'contactPhone',
          'address',
        ]),
    );
  };
  return (
    <Modal
      open={open}
      width={640}
      title={t('inst.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'inst-create-ok' } as never}
      destroyOnHidden
      maskClosable={false}
    >
      <ErrorAlert error={error} />
      <Form<CreateValues>
        form={form}
        layout="vertical"
        name="inst-create"
        onFinish={finish}
        initialValues={{ owner: 'local' }}
      >
        <Form.Item
          name="name"
          label={t('inst.name')}
          rules={[
            { required: true, whitespace: true, min: INSTITUTION_NAME_MIN_LENGTH, message: t('inst.nameRequired') },
          ]}
        >
          <Input maxLength={INSTITUTION_NAME_MAX_LENGTH} />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('inst.kind')}
          rules={[{ required: true, message: t('inst.kindRequired') }]}
          extra={t('inst.kindHint')}
        >
          <Select
            options={Object.keys(INSTITUTION_KINDS).map((k) => ({ value: k, label: kindLabel(k, lang, true) }))}
          />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }} align="start">
          {kind === 'college' && (
            <Form.Item
              name="schoolType"
              label={t('inst.schoolType')}
              rules={[{ required: true, message: t('inst.schoolTypeRequired') }]}
              style={{ width: 180 }}
            >
              <Select options={Object.keys(SCHOOL_TYPES).map((k) => ({ value: k, label: schoolTypeLabel(k, lang) }))} />
            </Form.Item>
          )}
          <Form.Item name="owner" label={t('inst.owner')} rules={[{ required: true }]} style={{ width: 160 }}>
            <Select
              options={[
                { value: 'province', label: t('inst.owner.province') },
                { value: 'local', label: t('inst.owner.local') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t('inst.region')}
            rules={[{ required: true, message: t('acc.regionRequired') }]}
            style={{ width: 240 }}
          >
            <RegionPicker allowClear={false} />
          </Form.Item>
        </Space>
        <div className="muted small" style={{ marginTop: -8, marginBottom: 12 }}>
          {t('inst.routeHint')}
        </div>
        <ContactFields />
      </Form>
    </Modal>
  );
}

/** The credit code and contact fields, the same when an institution is registered and when it is edited. */
function ContactFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name="creditCode"
        label={t('inst.creditCode')}
        rules={[{ pattern: new RegExp(CREDIT_CODE_PATTERN), message: t('inst.creditCodeRule') }]}
      >
        <Input maxLength={CREDIT_CODE_LENGTH} className="mono" />
      </Form.Item>
      <Space size={12} style={{ display: 'flex' }} align="start">
        <Form.Item name="contactName" label={t('inst.contactName')} style={{ width: 200 }}>
          <Input maxLength={PERSON_NAME_MAX_LENGTH} />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('inst.contactPhone')}
          style={{ width: 200 }}
          rules={[{ pattern: new RegExp(PHONE_PATTERN), message: t('inst.phoneRule') }]}
        >
          <Input maxLength={PHONE_MAX_LENGTH} />
        </Form.Item>
      </Space>
      <Form.Item name="address" label={t('inst.address')}>
        <Input maxLength={ADDRESS_MAX_LENGTH} />
      </Form.Item>
    </>
  );
}
