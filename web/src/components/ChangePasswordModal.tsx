import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { api } from '../api';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { applyFieldErrors, errorText } from './formErrors';
import { passwordPolicyRule } from './passwordRule';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: the form, used in the dialog and on the page a session that must change its password is confined to. */
export function ChangePasswordForm({ onDone, footer }: { onDone: () => void; footer?: React.ReactNode }) {
  const { t } = useI18n();
  const { me, meta } = useAuth();
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
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" name="change-password" requiredMark={false} onFinish={submit}>
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
            passwordPolicyRule(t, () => ({ username: me?.username, demo: meta?.demo })),
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
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          {footer}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="pwd-submit">
            {t('common.ok')}
          </Button>
        </div>
      </Form>
    </>
  );
}

/** 修改密码 from the header or the account page. */
export function ChangePasswordModal({
  open,
  onDone,
  onCancel,
}: {
  open: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal open={open} title={t('pwd.title')} onCancel={onCancel} destroyOnHidden footer={null}>
      <ChangePasswordForm onDone={onDone} footer={<Button onClick={onCancel}>{t('common.cancel')}</Button>} />
    </Modal>
  );
}
