import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Form, Input } from 'antd';
import {
  LockOutlined,
  UserOutlined,
  SafetyCertificateOutlined,
  AuditOutlined,
  BankOutlined,
  ReadOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import type { Meta } from '../../../../contract/api.js';
import { useAuth } from '../../auth/AuthContext';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { VerifyLink } from '../../components/VerifyLink';
import { LangSwitch } from '../../components/LangSwitch';
import { Logo } from '../../components/Logo';
import { WithNames } from '../../components/WithNames';
import './login.css';
import {
  LOGIN_NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  SECOND_FACTOR_CODE_MAX_LENGTH,
} from '../../../../contract/limits.js';

interface LoginForm {
  username: string;
  password: string;
}
type DemoAccount = Meta['demoAccounts'][number];

export default function LoginPage() {
  const { me, meta, login, completeSignIn, notice, clearNotice } = useAuth();
  const { message } = App.useApp();
  const { t, roleLabel, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string };
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the second step: the password was right and the account's one-time code is asked for
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [recovery, setRecovery] = useState(false);
  const [codeForm] = Form.useForm<{ code: string }>();

  useEffect(() => {
    document.title = `${t('login.title')} - ${t('app.name')}`;
  }, [t]);

  if (me) return <Navigate to={state.from && state.from !== '/login' ? state.from : '/'} replace />;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    clearNotice();
    try {
      const r = await login(v.username.trim(), v.password);
      if (r === 'second_factor') {
        setStep('code');
        setRecovery(false);
        codeForm.resetFields();
      } else navigate(state.from && state.from !== '/login' ? state.from : '/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('error.network'));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  const onCode = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const u = await completeSignIn(code.trim());
      if (recovery) message.warning(t('login.recoveryUsed', { n: u.secondFactor.recoveryCodesLeft }), 8);
      navigate(state.from && state.from !== '/login' ? state.from : '/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('error.network'));
      codeForm.setFieldValue('code', '');
      // the pending session ran out or the account locked: start again from the password
      if (e instanceof ApiError && e.code !== 'SECOND_FACTOR_INVALID') {
        setStep('password');
        form.setFieldValue('password', '');
      }
    } finally {
      setBusy(false);
    }
  };

  const fill = (a: DemoAccount) => {
    form.setFieldsValue({ username: a.username, password: meta?.demoPassword ?? '' });
    setError(null);
  };

  const demo = meta?.demo === true;
  return (
    <div className="login-page">
      {demo && (
        <div className="demo-strip" role="alert" data-testid="demo-banner">
          <b>{t('demo.banner')}</b>
          <span>{t('demo.bannerText')}</span>
        </div>
      )}
      <div className="login-top">
        <div className="login-brand">
          <Logo size={34} />
          <span className="login-brand-name">{t('app.name')}</span>
          <span className="login-brand-short">{t('app.nameShort')}</span>
        </div>
        <div className="login-top-right">
          <VerifyLink className="login-catalog login-verify" testId="login-verify-link" />
          <Link to="/catalog" className="login-catalog" data-testid="login-catalog">
            <ReadOutlined /> {t('menu.catalog')}
          </Link>
          <LangSwitch dark />
        </div>
      </div>
      <div className="login-main">
        <div className="login-intro">
          <h1>{t('app.name')}</h1>
          <p className="login-sub">{t('app.subtitle')}</p>
          <ul>
            <li>
              <BankOutlined /> {t('login.intro1')}
            </li>
            <li>
              <SafetyCertificateOutlined /> {t('login.intro2')}
            </li>
            <li>
              <AuditOutlined />{' '}
              <a href="/verify" className="login-intro-link" data-testid="login-intro-verify">
                {t('login.intro3')}
              </a>
            </li>
          </ul>
        </div>
        <section className="login-card" aria-labelledby="login-title">
          <h2 id="login-title">{step === 'code' ? t('login.secondStep') : t('login.title')}</h2>
          {notice === 'expired' && <Alert className="login-alert" type="warning" showIcon title={t('login.expired')} />}
          {notice === 'loggedOut' && (
            <Alert className="login-alert" type="success" showIcon title={t('login.loggedOut')} />
          )}
          {error && <Alert className="login-alert" type="error" showIcon title={error} data-testid="login-error" />}
          {step === 'code' && (
            <Form<{ code: string }>
              form={codeForm}
              name="login-code"
              layout="vertical"
              size="large"
              onFinish={onCode}
              requiredMark={false}
              data-testid="login-code-form"
            >
              <p className="login-hint" style={{ marginTop: 0 }}>
                {recovery ? t('login.recoveryHint') : t('login.secondStepHint')}
              </p>
              <Form.Item
                name="code"
                label={recovery ? t('login.recoveryCode') : t('login.code')}
                rules={[{ required: true, whitespace: true, message: t('login.codeRequired') }]}
              >
                <Input
                  prefix={<SafetyOutlined />}
                  autoComplete="one-time-code"
                  inputMode={recovery ? 'text' : 'numeric'}
                  autoFocus
                  maxLength={SECOND_FACTOR_CODE_MAX_LENGTH}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-verify">
                {t('login.verify')}
              </Button>
              <div className="login-code-links">
                <a
                  role="button"
                  onClick={() => {
                    setRecovery((x) => !x);
                    codeForm.resetFields();
                  }}
                  data-testid="login-use-recovery"
                >
                  {recovery ? t('login.useTotp') : t('login.useRecovery')}
                </a>
                <a
                  role="button"
                  onClick={() => {
                    setStep('password');
                    setError(null);
                    form.setFieldValue('password', '');
                  }}
                >
                  {t('login.back')}
                </a>
              </div>
            </Form>
          )}
          <Form<LoginForm>
            style={step === 'code' ? { display: 'none' } : undefined}
            form={form}
            name="login"
            layout="vertical"
            size="large"
            onFinish={onFinish}
            requiredMark={false}
            autoComplete="on"
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={LOGIN_NAME_MAX_LENGTH} />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                maxLength={PASSWORD_MAX_LENGTH}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <p className="login-hint">{t('login.hint')}</p>
          <p className="login-public">
            {t('login.publicHint')} <Link to="/catalog">{t('menu.catalog')}</Link>
            <span className="login-public-sep">·</span>
            <VerifyLink testId="login-public-verify" />
          </p>
        </section>
      </div>
      {demo && meta && meta.demoAccounts.length > 0 && (
        // A plain table keeps antd's Table out of the login bundle.
        <section className="login-demo" aria-labelledby="demo-title">
          <div className="login-demo-head">
            <span id="demo-title">
              <span className="demo-tag">{t('demo.banner')}</span>
              <b>{t('demo.accounts')}</b>
              <span className="login-demo-tip">{t('demo.clickToFill')}</span>
            </span>
            <span>
              {t('demo.password')}：<code data-testid="demo-password">{meta.demoPassword ?? ''}</code>
            </span>
          </div>
          <table className="login-demo-table" data-testid="demo-accounts">
            <thead>
              <tr>
                <th style={{ width: 170 }}>{t('demo.username')}</th>
                <th style={{ width: 170 }}>{t('demo.role')}</th>
                <th>{t('demo.description')}</th>
              </tr>
            </thead>
            <tbody>
              {meta.demoAccounts.map((a) => (
                <tr
                  key={a.username}
                  onClick={() => fill(a)}
                  tabIndex={0}
                  onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && fill(a)}
                  title={t('demo.clickToFill')}
                >
                  <td>
                    <a role="button">{a.username}</a>
                  </td>
                  <td>
                    <span className="role-tag">{lang === 'zh' ? a.roleLabel : roleLabel(a.role, a.roleLabel)}</span>
                  </td>
                  <td>{lang === 'zh' ? a.description : <WithNames text={a.descriptionEn} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <div className="login-footer">
        © {new Date().getFullYear()} {t('app.footer')}
      </div>
    </div>
  );
}
