import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { KeyOutlined, ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { TOTP_DIGITS } from '../../../../contract/limits.js';
import { api } from '../../api';
import { useAuth, useMe } from '../../auth/AuthContext';
import { scopeWord, useI18n } from '../../i18n';
import { PageHeader } from '../../components/PageHeader';
import { ChangePasswordModal } from '../../components/ChangePasswordModal';
import { errorText } from '../../components/formErrors';
import { RecoveryCodes, SecondFactorEnrol } from './SecondFactorEnrol';

/** 账号安全: the signed-in person's account, password and second factor. */
export default function MyAccountPage() {
  const me = useMe();
  const { refresh } = useAuth();
  const { t, lang, roleLabel } = useI18n();
  const { message } = App.useApp();
  const [pwdOpen, setPwdOpen] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  const [fresh, setFresh] = useState<string[] | null>(null);
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tf = me.secondFactor;

  const regenerate = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      setFresh((await api.regenerateRecoveryCodes(code.trim())).recoveryCodes);
      void refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="my-account">
      <PageHeader title={t('myacc.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('myacc.profile')}>
          <Descriptions column={2} size="small">
            <Descriptions.Item label={t('myacc.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('myacc.name')}>{me.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('myacc.role')}>
              {lang === 'zh' ? me.roleLabel : roleLabel(me.role, me.roleLabel)}
            </Descriptions.Item>
            <Descriptions.Item label={t('myacc.scope')}>
              {me.scope.path.map((p) => scopeWord(p, t)).join(' / ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('myacc.password')}>
              <Button size="small" icon={<KeyOutlined />} onClick={() => setPwdOpen(true)}>
                {t('myacc.changePassword')}
              </Button>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card size="small" title={t('tfa.title')} data-testid="tfa-card">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <span>{t('tfa.status')}：</span>
              {tf.enrolled ? (
                <Tag color="green" data-testid="tfa-status">
                  {t('tfa.statusOn')}
                </Tag>
              ) : (
                <Tag data-testid="tfa-status">{t('tfa.statusOff')}</Tag>
              )}
              <Typography.Text type="secondary">{tf.required ? t('tfa.required') : t('tfa.optional')}</Typography.Text>
            </Space>
            {tf.enrolled && (
              <>
                <Typography.Text>{t('tfa.codesLeft', { n: tf.recoveryCodesLeft })}</Typography.Text>
                {tf.recoveryCodesLeft <= 3 && <Alert type="warning" showIcon title={t('tfa.codesLow')} />}
                <Space>
                  <Button
                    icon={<ReloadOutlined />}
                    onClick={() => {
                      setFresh(null);
                      setError(null);
                      form.resetFields();
                      setRegenerating(true);
                    }}
                  >
                    {t('tfa.regenerate')}
                  </Button>
                </Space>
                <Typography.Text type="secondary">{t('tfa.lost')}</Typography.Text>
              </>
            )}
            {!tf.enrolled &&
              (enrolling ? (
                <SecondFactorEnrol
                  username={me.username}
                  autoStart
                  onDone={() => {
                    setEnrolling(false);
                    message.success(t('tfa.enrolled'));
                    void refresh();
                  }}
                />
              ) : (
                <Button
                  type="primary"
                  icon={<SafetyOutlined />}
                  onClick={() => setEnrolling(true)}
                  data-testid="tfa-begin"
                >
                  {t('tfa.pageTitle')}
                </Button>
              ))}
          </Space>
        </Card>
      </Space>

      <ChangePasswordModal
        open={pwdOpen}
        onCancel={() => setPwdOpen(false)}
        onDone={() => {
          setPwdOpen(false);
          void refresh();
        }}
      />
      <Modal
        open={regenerating}
        title={t('tfa.regenerate')}
        onCancel={() => setRegenerating(false)}
        footer={fresh ? <Button onClick={() => setRegenerating(false)}>{t('common.close')}</Button> : null}
        destroyOnHidden
      >
        {fresh ? (
          <RecoveryCodes codes={fresh} username={me.username} />
        ) : (
          <Form form={form} layout="vertical" requiredMark={false} onFinish={regenerate} name="tfa-regenerate">
            <Typography.Paragraph>{t('tfa.regenerateHint')}</Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form.Item
              name="code"
              label={t('tfa.code')}
              rules={[
                {
                  required: true,
                  pattern: new RegExp(`^\\s*\\d{${TOTP_DIGITS}}\\s*$`),
                  message: t('tfa.codeRequired'),
                },
              ]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" style={{ width: 180 }} autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.ok')}
            </Button>
          </Form>
        )}
      </Modal>
    </div>
  );
}
