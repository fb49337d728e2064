import type { ReactNode } from 'react';
import { Button, Card } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth/AuthContext';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { Logo } from './Logo';
import '../pages/login/login.css';

/**
 * The frame of a page a session is confined to (a password to change, a second factor to bind):
 * who is signed in and a way out, nothing else (the server refuses every other call meanwhile).
 */
export function ConfinedFrame({ title, children }: { title: string; children: ReactNode }) {
  const { me, meta, logout } = useAuth();
  const { t } = useI18n();
  return (
    <div className="login-page" data-testid="confined-page">
      {meta?.demo && (
        <div className="demo-strip" role="alert">
          <b>{t('demo.banner')}</b>
          <span>{t('demo.bannerText')}</span>
        </div>
      )}
      <div className="login-top">
        <div className="login-brand">
          <Logo size={34} />
          <span>{t('app.name')}</span>
        </div>
        <div className="login-top-right" data-testid="header-user">
          <span className="confined-user">
            <UserOutlined /> {t('confined.signedInAs')}：<span data-testid="header-name">{me?.displayName}</span>（
            {me?.username}）
          </span>
          <LangSwitch dark />
          <Button
            type="text"
            size="small"
            className="confined-logout"
            icon={<LogoutOutlined />}
            onClick={() => logout()}
            data-testid="logout"
          >
            {t('header.logout')}
          </Button>
        </div>
      </div>
      <div className="confined-main">
        <Card className="confined-card" title={title}>
          {children}
        </Card>
      </div>
    </div>
  );
}
