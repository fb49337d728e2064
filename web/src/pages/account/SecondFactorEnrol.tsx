import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Form, Input, Space, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { TOTP_DIGITS } from '../../../../contract/limits.js';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { errorText } from '../../components/formErrors';

type Enrolment = Awaited<ReturnType<typeof api.startEnrolment>>;

/** Recovery codes, shown once: copy or download them. */
export function RecoveryCodes({ codes, username }: { codes: string[]; username: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`skillcert ${username}\n${text}\n`], { type: 'text/plain' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `skillcert-recovery-${username}.txt` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div>
      <Alert type="warning" showIcon title={t('tfa.recoveryTitle')} description={t('tfa.recoveryHint')} />
      <div className="tfa-codes" data-testid="tfa-recovery-codes">
        {codes.map((c) => (
          <span key={c}>{c}</span>
        ))}
      </div>
      <Space>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {t('tfa.download')}
        </Button>
        <Button
          icon={<CopyOutlined />}
          onClick={() => navigator.clipboard?.writeText(text).then(() => message.success(t('tfa.copied')))}
        >
          {t('tfa.copy')}
        </Button>
      </Space>
    </div>
  );
}

/** Binding an authenticator app: a QR code (and its key), the first code, then the recovery codes. */
export function SecondFactorEnrol({
  username,
  autoStart,
  onDone,
}: {
  username: string;
  autoStart?: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string }>();
  const started = useRef(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await api.startEnrolment());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (autoStart && !started.current) {
      started.current = true;
      void start();
    }
  }, [autoStart]);

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      setCodes((await api.confirmEnrolment(code.trim())).recoveryCodes);
    } catch (e) {
      setError(errorText(e));
      form.setFieldValue('code', '');
    } finally {
      setBusy(false);
    }
  };

  if (codes)
    return (
      <div data-testid="tfa-done">
        <Alert type="success" showIcon title={t('tfa.enrolled')} style={{ marginBottom: 12 }} />
        <RecoveryCodes codes={codes} username={username} />
        <div style={{ marginTop: 16, textAlign: 'right' }}>
          <Button type="primary" onClick={onDone} data-testid="tfa-finish">
            {t('tfa.saved')}
          </Button>
        </div>
      </div>
    );

  return (
    <div data-testid="tfa-enrol">
      <Typography.Paragraph>{t('tfa.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="tfa-error" />}
      {!enrolment ? (
        <Button type="primary" icon={<SafetyOutlined />} loading={busy} onClick={start} data-testid="tfa-start">
          {t('tfa.start')}
        </Button>
      ) : (
        <>
          <Typography.Text strong>{t('tfa.scan')}</Typography.Text>
          <div className="tfa-qr" style={{ margin: '12px 0 16px' }}>
            <img src={enrolment.qrDataUrl} alt={enrolment.otpauthUri} data-testid="tfa-qr" />
            <div style={{ flex: 1, minWidth: 200 }}>
              <Typography.Text type="secondary">{t('tfa.manual')}</Typography.Text>
              <div>
                <Typography.Text className="tfa-secret" copyable data-testid="tfa-secret">
                  {enrolment.secret}
                </Typography.Text>
              </div>
            </div>
          </div>
          <Form form={form} name="tfa-enrol" layout="vertical" requiredMark={false} onFinish={confirm}>
            <Form.Item
              name="code"
              label={t('tfa.enterCode')}
              rules={[
                { required: true, message: t('tfa.codeRequired') },
                { pattern: new RegExp(`^\\s*\\d{${TOTP_DIGITS}}\\s*$`), message: t('tfa.codeRequired') },
              ]}
            >
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={TOTP_DIGITS + 2}
                style={{ width: 180, letterSpacing: 4 }}
                autoFocus
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="tfa-confirm">
              {t('tfa.confirm')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
