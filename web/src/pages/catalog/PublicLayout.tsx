import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LoginOutlined, HomeOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { LangSwitch } from '../../components/LangSwitch';
import { Logo } from '../../components/Logo';
import { VerifyLink } from '../../components/VerifyLink';

/** The light public frame: product name, language, and 登录 (or back to the workbench). */
export function PublicLayout({ children, title }: { children: ReactNode; title: string }) {
  const { t } = useI18n();
  const { me } = useAuth();
  return (
    <div className="public-page">
      <header className="public-header">
        <Link to="/catalog" className="public-brand">
          <Logo size={30} />
          <span className="public-brand-name">{t('app.name')}</span>
          <span className="public-brand-short">{t('app.nameShort')}</span>
          <span className="public-brand-sub">{title}</span>
        </Link>
        <div className="public-header-right">
          <VerifyLink className="public-verify" testId="public-verify" />
          <LangSwitch dark />
          {me ? (
            <Link to="/" className="public-login" data-testid="public-home">
              <HomeOutlined /> {t('catalog.backToApp')}
            </Link>
          ) : (
            <Link to="/login" className="public-login" data-testid="public-login">
              <LoginOutlined /> {t('catalog.login')}
            </Link>
          )}
        </div>
      </header>
      <main className="public-main">{children}</main>
      <footer className="public-footer">
        <div>
          {t('catalog.footer')} <VerifyLink icon={false} testId="footer-verify" />
        </div>
        <div>
          © {new Date().getFullYear()} {t('app.footer')}
        </div>
      </footer>
    </div>
  );
}
