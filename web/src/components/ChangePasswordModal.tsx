import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { passwordProblems } from '../../../contract/limits.js';
import { api } from '../api';
import { useI18n } from '../i18n';
import { applyFieldErrors, errorText } from './formErrors';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码; `forced` (me.mustChangePassword) removes every way out except signing out. */
export function ChangePasswordModal({
  open,
  forced,
  onDone,
  onCancel,
  onLogout,
}: {
  open: boolean;
  forced: boolean;
  onDone: () => void;
  onCancel: () => void;
  onLogout: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(v.currentPassword, v.newPassword);
      message.success(t('pwd.changed'));
      form.resetFields();
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['currentPassword', 'newPassword'])) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('pwd.title')}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      onCancel={onCancel}
      destroyOnHidden
      footer={[
        forced ? (
          <Button key="logout" onClick={onLogout}>
            {t('header.logout')}
          </Button>
        ) : (
          <Button key="cancel" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ),
        <Button key="ok" type="primary" loading={busy} onClick={submit} data-testid="pwd-submit">
          {t('common.ok')}
        </Button>,
      ]}
    >
      {forced && <Alert type="warning" showIcon title={t('pwd.forced')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" name="change-password" requiredMark={false}>
        <Form.Item
          name="currentPassword"
          label={t('pwd.current')}
          rules={[{ required: true, message: t('pwd.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('pwd.new')}
          extra={t('pwd.rule')}
          rules={[
            { required: true, message: t('pwd.required') },
            {
              validator: async (_r, value: string) => {
                const p = value ? passwordProblems(value) : [];
                if (p.length) throw new Error(p.join('；'));
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('pwd.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('pwd.required') },
            ({ getFieldValue }) => ({
              validator: async (_r, value: string) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('pwd.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
