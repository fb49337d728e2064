import { Suspense, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Layout, Menu, Popconfirm, Spin, Tag, Tooltip, type MenuProps } from 'antd';
import {
  AuditOutlined,
  BankOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Me } from '../../../contract/api.js';
import { useAuth, useMe } from '../auth/AuthContext';
import { canOpen, isInstitutionRole } from '../access';
import { useI18n, type Translate } from '../i18n';
import { LangSwitch } from '../components/LangSwitch';
import { Logo } from '../components/Logo';
import { ChangePasswordModal } from '../components/ChangePasswordModal';
import './layout.css';

const { Header, Sider, Content } = Layout;

function menuItems(me: Me, t: Translate): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [{ key: '/', icon: <HomeOutlined />, label: t('menu.home') }];
  if (canOpen(me.role, 'institutions')) {
    items.push({ key: '/institutions', icon: <BankOutlined />, label: isInstitutionRole(me.role) ? t('menu.myInstitution') : t('menu.institutions') });
  }
  if (canOpen(me.role, 'accounts')) items.push({ key: '/accounts', icon: <TeamOutlined />, label: t('menu.accounts') });
  if (canOpen(me.role, 'reference')) {
    items.push({
      key: 'reference',
      icon: <DatabaseOutlined />,
      label: t('menu.reference'),
      children: [
        { key: '/reference/regions', label: t('menu.regions') },
        { key: '/reference/occupations', label: t('menu.occupations') },
        { key: '/reference/one-plus-x', label: t('menu.onePlusX') },
        { key: '/reference/levels', label: t('menu.levels') },
      ],
    });
  }
  if (canOpen(me.role, 'audit')) items.push({ key: '/audit', icon: <AuditOutlined />, label: t('menu.audit') });
  return items;
}

/** 河南省 / 郑州市, with the institution's name first for institution roles. */
export function scopeText(scope: Me['scope']): string {
  const path = scope.path.join(' / ');
  if (!path) return scope.label;
  if (scope.path[scope.path.length - 1] === scope.label) return path;
  return `${scope.label}（${path}）`;
}

export default function AppLayout() {
  const me = useMe();
  const { meta, logout, refresh } = useAuth();
  const { t, roleLabel, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [pwdOpen, setPwdOpen] = useState(false);
  const items = useMemo(() => menuItems(me, t), [me, t]);
  const selected = location.pathname === '/' ? '/' : location.pathname.replace(/\/$/, '');
  const [openKeys, setOpenKeys] = useState<string[]>(() => (selected.startsWith('/reference') ? ['reference'] : []));

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);
  useEffect(() => {
    if (selected.startsWith('/reference')) setOpenKeys((k) => (k.includes('reference') ? k : [...k, 'reference']));
  }, [selected]);

  const forced = me.mustChangePassword;
  const scope = scopeText(me.scope);

  return (
    <Layout className="app-layout">
      <Header className="app-header">
        <div className="app-brand" onClick={() => navigate('/')} role="link">
          <Logo />
          <span className="app-brand-name">{t('app.name')}</span>
        </div>
        <div className="app-header-right" data-testid="header-user">
          <Tooltip title={t('header.scope')}>
            <span className="app-scope" data-testid="header-scope">
              <EnvironmentOutlined /> {scope}
            </span>
          </Tooltip>
          <span className="app-user">
            <UserOutlined /> <span data-testid="header-name">{me.displayName}</span>
            <Tag className="app-role" data-testid="header-role">
              {lang === 'zh' ? me.roleLabel : roleLabel(me.role, me.roleLabel)}
            </Tag>
          </span>
          <LangSwitch dark />
          <Button type="text" size="small" className="app-header-btn" icon={<KeyOutlined />} onClick={() => setPwdOpen(true)}>
            {t('header.changePassword')}
          </Button>
          <Popconfirm title={t('header.logoutConfirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => logout()} placement="bottomRight">
            <Button type="text" size="small" className="app-header-btn" icon={<LogoutOutlined />} data-testid="logout">
              {t('header.logout')}
            </Button>
          </Popconfirm>
        </div>
      </Header>
      {meta?.demo && (
        <div className="demo-strip" role="alert" data-testid="demo-banner">
          <b>{t('demo.banner')}</b>
          <span>{t('demo.bannerText')}</span>
        </div>
      )}
      <Layout>
        <Sider width={208} className="app-sider" breakpoint="lg" collapsedWidth={56}>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={[selected]}
            openKeys={openKeys}
            onOpenChange={(k) => setOpenKeys(k as string[])}
            onClick={(e) => navigate(e.key)}
            data-testid="side-menu"
          />
        </Sider>
        <Content className="app-content">
          <Suspense
            fallback={
              <div className="page-spin">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <ChangePasswordModal
        open={pwdOpen || forced}
        forced={forced}
        onCancel={() => setPwdOpen(false)}
        onLogout={() => logout()}
        onDone={() => {
          setPwdOpen(false);
          void refresh();
        }}
      />
    </Layout>
  );
}
