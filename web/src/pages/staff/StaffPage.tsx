/**
 * 人员库 — examiners (考评员, 高级考评员), quality supervisors (质量督导员, internal or external
 * with a card number) and experts (评价专家). The institution keeps its own people; HRSS keeps
 * experts and external supervisors and disqualifies people found at fault (INST-8). Each record
 * names the person by ID number, so a disqualification bars the person everywhere.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, Tooltip } from 'antd';
import { EditOutlined, PlusOutlined, SearchOutlined, StopOutlined } from '@ant-design/icons';
import { EXTERNAL_SUPERVISOR_CARD_PATTERN, STAFF_KINDS, type StaffKind } from '../../../../contract/institutions.js';
import type { IdType } from '../../../../contract/api-assessment.js';
import { api, type Staff, type StaffFilter } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can, isInstitutionRole, isOfficial } from '../../access';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { OccupationSelect } from '../../components/OccupationSelect';
import { RegionPicker } from '../../components/RegionPicker';
import { InstitutionPicker } from '../../components/InstitutionPicker';
import { ErrorAlert } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { applyFieldErrors } from '../../components/formErrors';
import { serverPagination } from '../../components/pagination';
import { useUrlState } from '../../components/useUrlState';
import type { UrlSchema } from '../../components/urlState';
import { ExportButton } from '../../components/ExportButton';
import { useSubmit } from '../../components/useSubmit';
import {
  EXTERNAL_SUPERVISOR_CARD_LENGTH,
  ID_NUMBER_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  QUALIFICATION_MAX_LENGTH,
  RESIDENT_ID_PATTERN,
  STAFF_NAME_MIN_LENGTH,
} from '../../../../contract/limits.js';
import { IdNumber } from '../../components/IdNumber';

const ID_TYPES: IdType[] = ['resident_id', 'passport', 'hk_macao', 'taiwan'];

interface StaffValues {
  kind: StaffKind;
  name: string;
  idType?: IdType;
  idNumber?: string;
  supervisorType?: 'internal' | 'external';
  cardNo?: string;
  qualification?: string;
  phone?: string;
  occupationIds?: number[];
  regionCode?: string;
  institutionId?: number;
}

const KIND_COLOR: Record<string, string> = {
  examiner: 'blue',
  senior_examiner: 'geekblue',
  quality_supervisor: 'cyan',
  expert: 'purple',
};

function StaffModal({
  open,
  editing,
  onClose,
  onDone,
}: {
  open: boolean;
  editing: Staff | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<StaffValues>();
  const { busy, error, setError, run } = useSubmit();
  const kind = Form.useWatch('kind', form);
  const supervisorType = Form.useWatch('supervisorType', form);
  const idType = Form.useWatch('idType', form);
  // the ID number is entered once: on registration, or later for a record from before it was required
  const needsId = !editing || editing.idNumber === null;
  const official = isOfficial(me.role);
  // an institution registers its own people of every kind; HRSS registers experts and external supervisors
  const kinds: StaffKind[] = official
    ? ['expert', 'quality_supervisor']
    : ['examiner', 'senior_examiner', 'quality_supervisor', 'expert'];
  const examiner = kind === 'examiner' || kind === 'senior_examiner';
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        kind: editing.kind as StaffKind,
        name: editing.name,
        idType: (editing.idType as IdType | null) ?? 'resident_id',
        supervisorType: (editing.supervisorType ?? undefined) as StaffValues['supervisorType'],
        cardNo: editing.cardNo ?? '',
        qualification: editing.qualification ?? '',
        phone: editing.phone ?? '',
        occupationIds: editing.occupations.map((o) => o.id),
      });
    } else {
      form.setFieldsValue(
        official
          ? { kind: 'expert', idType: 'resident_id', regionCode: me.scope.regionCode ?? undefined }
          : { kind: 'examiner', idType: 'resident_id' },
      );
    }
  }, [open, editing, form, official, me.scope.regionCode]);
  useEffect(() => {
    if (!editing && official && kind === 'quality_supervisor') form.setFieldValue('supervisorType', 'external');
  }, [kind, editing, official, form]);

  const finish = async (v: StaffValues) => {
    await run(
      async () => {
        if (editing) {
          await api.patchStaff(editing.id, {
            name: v.name.trim(),
            ...(needsId && v.idNumber?.trim() ? { idType: v.idType, idNumber: v.idNumber.trim().toUpperCase() } : {}),
            qualification: v.qualification?.trim() || null,
            phone: v.phone?.trim() || null,
            ...(editing.supervisorType === 'external' ? { cardNo: v.cardNo?.trim() || null } : {}),
            occupationIds: v.occupationIds ?? [],
          });
          message.success(t('common.saved'));
        } else {
          await api.createStaff({
            kind: v.kind,
            name: v.name.trim(),
            idType: v.idType,
            idNumber: (v.idNumber ?? '').trim().toUpperCase(),
            supervisorType: v.kind === 'quality_supervisor' ? (v.supervisorType ?? null) : null,
            cardNo:
              v.kind === 'quality_supervisor' && v.supervisorType === 'external' ? v.cardNo?.trim() || null : null,
            qualification: v.qualification?.trim() || null,
            phone: v.phone?.trim() || null,
            occupationIds: v.occupationIds ?? [],
            ...(official && v.institutionId ? { institutionId: v.institutionId } : {}),
            ...(official && !v.institutionId && v.regionCode ? { regionCode: v.regionCode } : {}),
          });
          message.success(t('common.created'));
        }
        onDone();
        onClose();
      },
      (e) =>
        applyFieldErrors(form, e, [
          'name',
          'idType',
          'idNumber',
          'kind',
          'supervisorType',
          'cardNo',
          'qualification',
          'phone',
          'occupationIds',
          'regionCode',
          'institutionId',
        ]),
    );
  };
  const external = (editing ? editing.supervisorType : supervisorType) === 'external';
  return (
    <Modal
      open={open}
      width={620}
      title={editing ? t('staff.edit') : t('staff.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'staff-save' } as never}
      destroyOnHidden
      maskClosable={false}
    >
      <ErrorAlert error={error} />
      {editing && editing.idNumber === null && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('staff.idMissingHint')} />
      )}
      <Form<StaffValues> form={form} layout="vertical" name="staff" onFinish={finish}>
        <Form.Item name="kind" label={t('staff.kind')} rules={[{ required: true }]}>
          <Radio.Group
            disabled={!!editing}
            optionType="button"
            options={(editing ? [editing.kind as StaffKind] : kinds).map((k) => ({
              value: k,
              label: t(`staffKind.${k}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }} align="start">
          <Form.Item
            name="name"
            label={t('staff.name')}
            rules={[{ required: true, whitespace: true, min: STAFF_NAME_MIN_LENGTH, message: t('staff.nameRequired') }]}
            extra={needsId ? undefined : t('staff.nameFromId')}
            style={{ width: 200 }}
          >
            <Input maxLength={PERSON_NAME_MAX_LENGTH} disabled={!needsId} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('staff.phone')}
            rules={[{ pattern: new RegExp(PHONE_PATTERN), message: t('inst.phoneRule') }]}
            style={{ width: 200 }}
          >
            <Input maxLength={PHONE_MAX_LENGTH} />
          </Form.Item>
        </Space>
        {needsId ? (
          <Space size={12} style={{ display: 'flex' }} align="start">
            <Form.Item name="idType" label={t('reg.idType')} style={{ width: 200 }}>
              <Select options={ID_TYPES.map((v) => ({ value: v, label: t(`idType.${v}`) }))} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('staff.idNumber')}
              extra={editing ? undefined : t('staff.idHint')}
              rules={[
                { required: !editing, whitespace: true, message: t('reg.idRequired') },
                ...(idType === 'resident_id'
                  ? [{ pattern: new RegExp(RESIDENT_ID_PATTERN), message: t('reg.idRule') }]
                  : []),
              ]}
              style={{ width: 300 }}
            >
              <Input maxLength={ID_NUMBER_MAX_LENGTH} className="mono" data-testid="staff-id-number" />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item label={t('staff.idNumber')}>
            <IdNumber masked={editing!.idNumber} kind="staff" id={editing!.id} />
          </Form.Item>
        )}
        {kind === 'quality_supervisor' && (
          <Space size={12} style={{ display: 'flex' }} align="start">
            <Form.Item
              name="supervisorType"
              label={t('staff.supervisorType')}
              rules={[{ required: true, message: t('staff.supervisorTypeRequired') }]}
            >
              <Radio.Group
                disabled={!!editing || official}
                options={[
                  { value: 'internal', label: t('staff.internal') },
                  { value: 'external', label: t('staff.external') },
                ]}
              />
            </Form.Item>
            {external && (
              <Form.Item
                name="cardNo"
                label={t('staff.cardNo')}
                rules={[
                  { required: true, message: t('staff.cardNoRequired') },
                  { pattern: new RegExp(EXTERNAL_SUPERVISOR_CARD_PATTERN), message: t('staff.cardNoRule') },
                ]}
                style={{ width: 200 }}
              >
                <Input maxLength={EXTERNAL_SUPERVISOR_CARD_LENGTH} className="mono" placeholder="R41000123" />
              </Form.Item>
            )}
          </Space>
        )}
        <Form.Item name="qualification" label={t('staff.qualification')}>
          <Input maxLength={QUALIFICATION_MAX_LENGTH} placeholder={t('staff.qualificationPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="occupationIds"
          label={t('staff.occupations')}
          rules={examiner ? [{ required: true, type: 'array', min: 1, message: t('staff.occupationsRequired') }] : []}
          extra={examiner ? t('staff.examinerHint') : undefined}
        >
          <OccupationSelect mode="multiple" placeholder={t('staff.occupationsPlaceholder')} />
        </Form.Item>
        {official && !editing && (
          <Space size={12} style={{ display: 'flex' }} align="start">
            <Form.Item name="regionCode" label={t('staff.region')} style={{ width: 240 }}>
              <RegionPicker />
            </Form.Item>
            <Form.Item name="institutionId" label={t('staff.institutionOptional')} style={{ width: 300 }}>
              <InstitutionPicker />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}

/** the list's state in the address */
const FILTER_SCHEMA: UrlSchema<StaffFilter & { page: number; pageSize: number }> = {
  q: 'string',
  kind: 'string',
  institutionId: 'number',
  occupationId: 'number',
  status: 'string',
  page: 'number',
  pageSize: 'number',
};

export default function StaffPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useUrlState<StaffFilter & { page: number; pageSize: number }>(
    { page: 1, pageSize: 20 },
    FILTER_SCHEMA,
  );
  const [qInput, setQInput] = useState(filter.q ?? '');
  useEffect(() => setQInput(filter.q ?? ''), [filter.q]);
  const { page: _page, pageSize: _size, ...listed } = filter;
  const { data, error, loading, reload } = useLoad(() => api.staff(filter), [filter]);
  const [editing, setEditing] = useState<Staff | null>(null);
  const [modalOpen, setModalOpen] = useState(false);
  const [disq, setDisq] = useState<Staff | null>(null);
  const editable = can(me.role, 'staff.edit');
  const own = isInstitutionRole(me.role);
  const mayEdit = (s: Staff) => editable && (own ? s.institutionId === me.scope.institutionId : true);

  return (
    <div>
      <PageHeader
        title={own ? t('staff.mineTitle') : t('staff.title')}
        extra={
          editable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setModalOpen(true);
              }}
              data-testid="staff-create"
            >
              {t('staff.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            placeholder={t('staff.searchPlaceholder')}
            style={{ width: 240 }}
            data-testid="staff-search"
          />
          <Select
            allowClear
            placeholder={t('staff.kind')}
            style={{ width: 140 }}
            value={filter.kind}
            onChange={(v) => setFilter((f) => ({ ...f, kind: v, page: 1 }))}
            options={(Object.keys(STAFF_KINDS) as StaffKind[]).map((k) => ({
              value: k,
              label: t(`staffKind.${k}` as MessageKey),
            }))}
            data-testid="staff-kind-filter"
          />
          <OccupationSelect
            value={filter.occupationId}
            onChange={(v) => setFilter((f) => ({ ...f, occupationId: v, page: 1 }))}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            style={{ width: 130 }}
            value={filter.status}
            onChange={(v) => setFilter((f) => ({ ...f, status: v, page: 1 }))}
            options={[
              { value: 'active', label: t('staff.active') },
              { value: 'disqualified', label: t('staff.disqualified') },
            ]}
          />
          <span className="spacer" />
          {can(me.role, 'staff.export') && (
            <ExportButton onExport={() => api.exportStaff(listed)} testId="staff-export" />
          )}
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Staff>
          data-testid="staff-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: own ? 1210 : 1470 }}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            { title: t('staff.name'), dataIndex: 'name', width: 100, fixed: 'left' },
            {
              title: t('staff.idNumber'),
              dataIndex: 'idNumber',
              width: 170,
              render: (v: string | null, r) =>
                v ? (
                  <IdNumber masked={v} kind="staff" id={r.id} />
                ) : (
                  <Tooltip title={t('staff.idMissingHint')}>
                    <Tag color="orange">{t('staff.idMissing')}</Tag>
                  </Tooltip>
                ),
            },
            {
              title: t('staff.kind'),
              dataIndex: 'kind',
              width: 170,
              render: (v: string, r) => (
                <Space size={2}>
                  <Tag color={KIND_COLOR[v]}>{v in STAFF_KINDS ? t(`staffKind.${v}` as MessageKey) : r.kindLabel}</Tag>
                  {r.supervisorType && (
                    <Tag>{r.supervisorType === 'external' ? t('staff.external') : t('staff.internal')}</Tag>
                  )}
                </Space>
              ),
            },
            ...(own
              ? []
              : [
                  {
                    title: t('staff.institution'),
                    dataIndex: 'institutionName',
                    width: 200,
                    render: (v: string | null, r: Staff) =>
                      v ?? <span className="muted">{t('staff.regionOnly', { region: r.regionName })}</span>,
                  },
                ]),
            {
              title: t('staff.occupations'),
              dataIndex: 'occupations',
              width: 220,
              render: (v: Staff['occupations']) =>
                v.length ? v.map((o) => o.name).join('、') : <span className="muted">—</span>,
            },
            {
              title: t('staff.qualification'),
              dataIndex: 'qualification',
              width: 230,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('staff.cardNo'),
              dataIndex: 'cardNo',
              width: 110,
              render: (v: string | null) => (v ? <span className="mono">{v}</span> : '—'),
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 120,
              render: (v: string, r) =>
                v === 'active' ? (
                  <Tag color="green">{t('staff.active')}</Tag>
                ) : (
                  <Tooltip title={`${r.disqualifiedReason ?? ''}（${formatDateTime(r.disqualifiedAt)}）`}>
                    <Tag color="red">{t('staff.disqualified')}</Tag>
                  </Tooltip>
                ),
            },
            ...(editable
              ? [
                  {
                    title: t('common.actions'),
                    width: can(me.role, 'staff.disqualify') ? 170 : 90,
                    fixed: 'right' as const,
                    render: (_: unknown, r: Staff) => (
                      <Space size={0}>
                        {mayEdit(r) && (
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined />}
                            onClick={() => {
                              setEditing(r);
                              setModalOpen(true);
                            }}
                          >
                            {t('common.edit')}
                          </Button>
                        )}
                        {can(me.role, 'staff.disqualify') && r.status === 'active' && (
                          <Button
                            type="link"
                            size="small"
                            danger
                            icon={<StopOutlined />}
                            onClick={() => setDisq(r)}
                            data-testid={`disqualify-${r.id}`}
                          >
                            {t('staff.disqualify')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <StaffModal open={modalOpen} editing={editing} onClose={() => setModalOpen(false)} onDone={() => void reload()} />
      <ReasonModal
        open={disq !== null}
        title={disq ? `${t('staff.disqualify')} · ${disq.name}（${t(`staffKind.${disq.kind}` as MessageKey)}）` : ''}
        okText={t('staff.disqualify')}
        danger
        extra={<div className="warn-box">{t('staff.disqualifyWarning')}</div>}
        onSubmit={async (v) => {
          await api.disqualifyStaff(disq!.id, v.reason);
          message.success(t('staff.disqualifiedDone', { name: disq!.name }));
          void reload();
        }}
        onClose={() => setDisq(null)}
      />
    </div>
  );
}
