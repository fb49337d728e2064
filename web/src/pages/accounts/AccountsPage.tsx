import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  EditOutlined,
  KeyOutlined,
  LockOutlined,
  PlusOutlined,
  SearchOutlined,
  StopOutlined,
  CheckCircleOutlined,
  UnlockOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import type { Account } from '../../../../contract/api.js';
import { ADMINISTRATOR_ROLES, ROLES, ROLE_INFO, type Role } from '../../../../contract/roles.js';
import { PERSON_NAME_MAX_LENGTH, USERNAME_MAX_LENGTH, USERNAME_PATTERN } from '../../../../contract/limits.js';
import { api } from '../../api';
import { useAuth, useMe } from '../../auth/AuthContext';
import { passwordPolicyRule } from '../../components/passwordRule';
import { can } from '../../access';
import { formatDateTime, scopeWord, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { useUrlState } from '../../components/useUrlState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RegionPicker } from '../../components/RegionPicker';
import { InstitutionPicker } from '../../components/InstitutionPicker';
import { applyFieldErrors, errorText } from '../../components/formErrors';
import { serverPagination } from '../../components/pagination';

interface CreateValues {
  username: string;
  displayName: string;
  role: Role;
  regionCode?: string;
  institutionId?: number;
  password: string;
  confirm: string;
}
const CREATE_FIELDS = ['username', 'displayName', 'role', 'regionCode', 'institutionId', 'password'];

const isLocked = (a: Account) => !!a.lockedUntil && new Date(a.lockedUntil).getTime() > Date.now();

export default function AccountsPage() {
  const me = useMe();
  const { meta } = useAuth();
  const { t, lang, roleLabel } = useI18n();
  const { message } = App.useApp();
  const manage = can(me.role, 'account.manage');
  const secure = can(me.role, 'account.secure');
  const [filter, setFilter] = useUrlState<{ q?: string; role?: Role; page: number; pageSize: number }>(
    { page: 1, pageSize: 20 },
    { q: 'string', role: 'string', page: 'number', pageSize: 'number' },
  );
  const [qInput, setQInput] = useState(filter.q ?? '');
  useEffect(() => setQInput(filter.q ?? ''), [filter.q]);
  const { data, error, loading, reload } = useLoad(() => api.accounts(filter), [filter]);

  const [creating, setCreating] = useState(false);
  const [createForm] = Form.useForm<CreateValues>();
  const [createError, setCreateError] = useState<string | null>(null);
  const role = Form.useWatch('role', createForm);
  const scopeKind = role ? ROLE_INFO[role].scope : undefined;

  const [editing, setEditing] = useState<Account | null>(null);
  const [editForm] = Form.useForm<{ displayName: string }>();
  const [resetting, setResetting] = useState<Account | null>(null);
  const [resetForm] = Form.useForm<{ newPassword: string; confirm: string }>();
  const [busy, setBusy] = useState(false);

  const roleOptions = ROLES.map((r) => ({
    value: r,
    label: lang === 'zh' ? ROLE_INFO[r].label : ROLE_INFO[r].labelEn,
  }));
  const levelName = (l?: string) => (l ? t(`region.level.${l as 'province' | 'city' | 'county'}`) : '');

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      void reload();
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submitCreate = async () => {
    const v = await createForm.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setCreateError(null);
    try {
      const info = ROLE_INFO[v.role];
      await api.createAccount({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        role: v.role,
        password: v.password,
        ...(info.scope === 'region' && v.regionCode ? { regionCode: v.regionCode } : {}),
        ...(info.scope === 'institution' && v.institutionId ? { institutionId: v.institutionId } : {}),
      });
      message.success(t('common.created'));
      setCreating(false);
      createForm.resetFields();
      void reload();
    } catch (e) {
      if (!applyFieldErrors(createForm, e, CREATE_FIELDS)) setCreateError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const submitEdit = async () => {
    if (!editing) return;
    const v = await editForm.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.patchAccount(editing.id, { displayName: v.displayName.trim() });
      message.success(t('common.saved'));
      setEditing(null);
      void reload();
    } catch (e) {
      if (!applyFieldErrors(editForm, e, ['displayName'])) message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const submitReset = async () => {
    if (!resetting) return;
    const v = await resetForm.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await api.resetPassword(resetting.id, v.newPassword);
      message.success(t('acc.resetDone'));
      setResetting(null);
      void reload();
    } catch (e) {
      if (!applyFieldErrors(resetForm, e, ['newPassword'])) message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  // the policy knows the account's username: the one being typed, or the one being reset
  const passwordRules = (username: () => string | undefined) => [
    { required: true, message: t('pwd.required') },
    passwordPolicyRule(t, () => ({ username: username(), demo: meta?.demo })),
  ];
  const confirmRule =
    (field: string) =>
    ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
      validator: async (_r: unknown, value: string) => {
        if (value && value !== getFieldValue(field)) throw new Error(t('pwd.mismatch'));
      },
    });

  return (
    <div>
      <PageHeader title={t('acc.title')} />
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('acc.searchPlaceholder')}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            enterButton={<SearchOutlined />}
            style={{ width: 260 }}
          />
          <Select<Role>
            allowClear
            placeholder={t('acc.roleFilter')}
            options={roleOptions}
            style={{ width: 200 }}
            value={filter.role}
            onChange={(r) => setFilter((f) => ({ ...f, role: r, page: 1 }))}
          />
          <span className="spacer" />
          {manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                createForm.resetFields();
                setCreateError(null);
                setCreating(true);
              }}
            >
              {t('acc.create')}
            </Button>
          )}
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Account>
          data-testid="acc-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items}
          scroll={{ x: 1325 }}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          columns={[
            {
              title: t('acc.username'),
              dataIndex: 'username',
              width: 195,
              fixed: 'left',
              render: (v: string, a) => (
                <Space size={4}>
                  <Typography.Text strong>{v}</Typography.Text>
                  {a.isDemo && (
                    <Tooltip title={t('acc.demoTip')}>
                      <Tag color="gold">{t('acc.demo')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            { title: t('acc.displayName'), dataIndex: 'displayName', width: 100 },
            {
              title: t('acc.role'),
              dataIndex: 'roleLabel',
              width: 120,
              render: (v: string, a) => <Tag color="blue">{lang === 'zh' ? v : roleLabel(a.role, v)}</Tag>,
            },
            { title: t('acc.scope'), dataIndex: 'scopeLabel', render: (s: string) => scopeWord(s, t) },
            {
              title: t('acc.status'),
              key: 'status',
              width: 120,
              render: (_: unknown, a) => (
                <Space size={4}>
                  {a.status === 'active' ? (
                    <Tag color="green">{t('acc.status.active')}</Tag>
                  ) : (
                    <Tag color="red">{t('acc.status.disabled')}</Tag>
                  )}
                  {isLocked(a) && (
                    <Tooltip title={formatDateTime(a.lockedUntil)}>
                      <Tag color="orange" icon={<LockOutlined />}>
                        {t('acc.locked')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('acc.tfa'),
              dataIndex: 'secondFactor',
              width: 110,
              render: (v: boolean) =>
                v ? (
                  <Tag color="green" icon={<SafetyOutlined />}>
                    {t('acc.tfaOn')}
                  </Tag>
                ) : (
                  <Typography.Text type="secondary">{t('acc.tfaOff')}</Typography.Text>
                ),
            },
            {
              title: t('acc.lastLogin'),
              dataIndex: 'lastLoginAt',
              width: 165,
              render: (v: string | null) =>
                v ? formatDateTime(v) : <Typography.Text type="secondary">{t('acc.never')}</Typography.Text>,
            },
            { title: t('acc.createdAt'), dataIndex: 'createdAt', width: 165, render: (v: string) => formatDateTime(v) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: manage ? 150 : 230,
              fixed: 'right',
              render: (_: unknown, a) => (
                <Space size={0} wrap>
                  {manage && (
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => {
                        setEditing(a);
                        editForm.setFieldsValue({ displayName: a.displayName });
                      }}
                    >
                      {t('common.edit')}
                    </Button>
                  )}
                  {manage && a.id !== me.id && (
                    <Popconfirm
                      title={t(a.status === 'active' ? 'acc.disableConfirm' : 'acc.enableConfirm', {
                        name: a.username,
                      })}
                      onConfirm={() =>
                        run(
                          () => api.patchAccount(a.id, { status: a.status === 'active' ? 'disabled' : 'active' }),
                          t('common.saved'),
                        )
                      }
                    >
                      <Button
                        type="link"
                        size="small"
                        danger={a.status === 'active'}
                        icon={a.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />}
                      >
                        {a.status === 'active' ? t('acc.disable') : t('acc.enable')}
                      </Button>
                    </Popconfirm>
                  )}
                  {secure && (
                    <Button
                      type="link"
                      size="small"
                      icon={<UnlockOutlined />}
                      disabled={!isLocked(a)}
                      onClick={() => run(() => api.unlockAccount(a.id), t('acc.unlocked'))}
                    >
                      {t('acc.unlock')}
                    </Button>
                  )}
                  {secure && a.id !== me.id && (
                    <Button
                      type="link"
                      size="small"
                      icon={<KeyOutlined />}
                      onClick={() => {
                        resetForm.resetFields();
                        setResetting(a);
                      }}
                    >
                      {t('acc.resetPassword')}
                    </Button>
                  )}
                  {secure && a.secondFactor && !ADMINISTRATOR_ROLES.includes(a.role) && (
                    <Popconfirm
                      title={t('acc.resetTfaConfirm', { name: a.username })}
                      onConfirm={() => run(() => api.resetSecondFactor(a.id), t('acc.resetTfaDone'))}
                    >
                      <Button type="link" size="small" danger icon={<SafetyOutlined />}>
                        {t('acc.resetTfa')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={creating}
        title={t('acc.create')}
        onCancel={() => setCreating(false)}
        onOk={submitCreate}
        confirmLoading={busy}
        okText={t('common.save')}
        width={560}
        forceRender
      >
        {createError && <Alert type="error" showIcon title={createError} style={{ marginBottom: 16 }} />}
        <Form
          form={createForm}
          layout="horizontal"
          labelCol={{ span: 6 }}
          wrapperCol={{ span: 17 }}
          name="account-create"
        >
          <Form.Item
            name="username"
            label={t('acc.username')}
            rules={[{ required: true }, { pattern: new RegExp(USERNAME_PATTERN), message: t('acc.usernameRule') }]}
          >
            <Input maxLength={USERNAME_MAX_LENGTH} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('acc.displayName')}
            rules={[{ required: true, whitespace: true, max: PERSON_NAME_MAX_LENGTH }]}
          >
            <Input maxLength={PERSON_NAME_MAX_LENGTH} />
          </Form.Item>
          <Form.Item name="role" label={t('acc.role')} rules={[{ required: true }]}>
            <Select<Role>
              options={roleOptions}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={() => createForm.setFieldsValue({ regionCode: undefined, institutionId: undefined })}
            />
          </Form.Item>
          {scopeKind === 'region' && (
            <Form.Item
              name="regionCode"
              label={t('acc.region')}
              extra={
                role && ROLE_INFO[role].regionLevel
                  ? t('acc.regionLevelHint', { level: levelName(ROLE_INFO[role].regionLevel) })
                  : undefined
              }
              rules={[{ required: true, message: t('acc.regionRequired') }]}
            >
              <RegionPicker placeholder={t('acc.region')} />
            </Form.Item>
          )}
          {scopeKind === 'institution' && (
            <Form.Item
              name="institutionId"
              label={t('acc.institution')}
              rules={[{ required: true, message: t('acc.institutionRequired') }]}
            >
              <InstitutionPicker />
            </Form.Item>
          )}
          <Form.Item
            name="password"
            label={t('acc.password')}
            extra={t('pwd.rule')}
            dependencies={['username']}
            rules={passwordRules(() => createForm.getFieldValue('username'))}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('pwd.confirm')}
            dependencies={['password']}
            rules={[{ required: true, message: t('pwd.required') }, confirmRule('password')]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={editing !== null}
        title={`${t('acc.edit')}：${editing?.username ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={submitEdit}
        confirmLoading={busy}
        okText={t('common.save')}
        forceRender
      >
        <Form form={editForm} layout="vertical" name="account-edit">
          <Form.Item
            name="displayName"
            label={t('acc.displayName')}
            rules={[{ required: true, whitespace: true, max: PERSON_NAME_MAX_LENGTH }]}
          >
            <Input maxLength={PERSON_NAME_MAX_LENGTH} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={resetting !== null}
        title={`${t('acc.resetPassword')}：${resetting?.username ?? ''}`}
        onCancel={() => setResetting(null)}
        onOk={submitReset}
        confirmLoading={busy}
        okText={t('common.ok')}
        forceRender
      >
        <Form form={resetForm} layout="vertical" name="account-reset">
          <Form.Item
            name="newPassword"
            label={t('pwd.new')}
            extra={t('pwd.rule')}
            rules={passwordRules(() => resetting?.username)}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('pwd.confirm')}
            dependencies={['newPassword']}
            rules={[{ required: true, message: t('pwd.required') }, confirmRule('newPassword')]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
