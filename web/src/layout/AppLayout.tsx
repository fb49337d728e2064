import { Suspense, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import {
  App,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  Popconfirm,
  Spin,
  Tag,
  Tooltip,
  type MenuProps,
} from 'antd';
import {
  AuditOutlined,
  BankOutlined,
  ContainerOutlined,
  SafetyCertificateOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  FileProtectOutlined,
  FundOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  KeyOutlined,
  MoneyCollectOutlined,
  LogoutOutlined,
  MenuOutlined,
  ReadOutlined,
  TeamOutlined,
  UserOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { Me } from '../../../contract/api.js';
import { useAuth, useMe } from '../auth/AuthContext';
import { can, canOpen, isInstitutionRole } from '../access';
import { api } from '../api';
import { onQueueChanged } from '../queueEvents';
import { scopeWord, useI18n, type Translate } from '../i18n';
import { LangSwitch } from '../components/LangSwitch';
import { Logo } from '../components/Logo';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { VerifyLink } from '../components/VerifyLink';
import './layout.css';

const { Header, Sider, Content } = Layout;

const badge = (n: number, testId: string) =>
  n > 0 ? <Badge count={n} size="small" overflowCount={99} data-testid={testId} /> : undefined;

function menuItems(me: Me, t: Translate, queue: number): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [{ key: '/', icon: <HomeOutlined />, label: t('menu.home') }];
  const progress: NonNullable<MenuProps['items']> = [];
  if (canOpen(me.role, 'dashboard')) progress.push({ key: '/dashboard', label: t('menu.dashboard') });
  if (canOpen(me.role, 'targets')) progress.push({ key: '/targets', label: t('menu.targets') });
  if (canOpen(me.role, 'reports')) progress.push({ key: '/reports', label: t('menu.reports') });
  if (progress.length)
    items.push({ key: 'progress', icon: <FundOutlined />, label: t('menu.progress'), children: progress });
  if (isInstitutionRole(me.role)) {
    // 本机构 → 机构信息, 备案申请, 人员库, 评价规范 (what the role may open)
    const children: NonNullable<MenuProps['items']> = [{ key: '/institutions', label: t('menu.profile') }];
    if (canOpen(me.role, 'filings'))
      children.push({ key: '/filings', label: t('menu.filings'), extra: badge(queue, 'menu-queue-badge') });
    if (canOpen(me.role, 'staff')) children.push({ key: '/staff', label: t('menu.staff') });
    if (canOpen(me.role, 'specs')) children.push({ key: '/specs', label: t('menu.specs') });
    if (children.length === 1)
      items.push({ key: '/institutions', icon: <BankOutlined />, label: t('menu.myInstitution') });
    else items.push({ key: 'mine', icon: <BankOutlined />, label: t('menu.myInstitution'), children });
  } else {
    if (canOpen(me.role, 'queue'))
      items.push({
        key: '/queue',
        icon: <InboxOutlined />,
        label: t('menu.queue'),
        extra: badge(queue, 'menu-queue-badge'),
      });
    if (canOpen(me.role, 'filings'))
      items.push({ key: '/filings', icon: <FileProtectOutlined />, label: t('menu.filings') });
    if (canOpen(me.role, 'institutions'))
      items.push({ key: '/institutions', icon: <BankOutlined />, label: t('menu.institutions') });
    if (canOpen(me.role, 'staff')) items.push({ key: '/staff', icon: <IdcardOutlined />, label: t('menu.staff') });
    if (canOpen(me.role, 'specs')) items.push({ key: '/specs', icon: <ContainerOutlined />, label: t('menu.specs') });
  }
  // 评价发证: 评价计划, 取证途径, 证书, 毕业生持证, 职业技能标准 (what the role may open)
  const evaluation: NonNullable<MenuProps['items']> = [];
  if (canOpen(me.role, 'plans')) evaluation.push({ key: '/plans', label: t('menu.plans') });
  if (canOpen(me.role, 'pathways')) evaluation.push({ key: '/pathways', label: t('menu.pathways') });
  if (canOpen(me.role, 'competitions')) evaluation.push({ key: '/competitions', label: t('menu.competitions') });
  if (canOpen(me.role, 'certificates')) evaluation.push({ key: '/certificates', label: t('menu.certificates') });
  if (canOpen(me.role, 'coverage')) evaluation.push({ key: '/coverage', label: t('menu.coverage') });
  if (canOpen(me.role, 'otherCertificates'))
    evaluation.push({ key: '/certificates/other', label: t('menu.otherCertificates') });
  if (canOpen(me.role, 'standards')) evaluation.push({ key: '/standards', label: t('menu.standards') });
  if (evaluation.length === 1)
    items.push({ ...(evaluation[0] as { key: string; label: string }), icon: <SafetyCertificateOutlined /> });
  else if (evaluation.length > 1)
    items.push({
      key: 'evaluation',
      icon: <SafetyCertificateOutlined />,
      label: t('menu.evaluation'),
      children: evaluation,
    });
  // 补贴 (SUB-1 … SUB-4): claims, each city's fund, the rates
  const subsidy: NonNullable<MenuProps['items']> = [];
  if (canOpen(me.role, 'subsidies')) subsidy.push({ key: '/subsidies', label: t('menu.subsidies') });
  if (canOpen(me.role, 'subsidyFunds')) subsidy.push({ key: '/subsidies/funds', label: t('menu.subsidyFunds') });
  if (canOpen(me.role, 'subsidyRates')) subsidy.push({ key: '/subsidies/rates', label: t('menu.subsidyRates') });
  if (subsidy.length)
    items.push({ key: 'subsidy', icon: <MoneyCollectOutlined />, label: t('menu.subsidy'), children: subsidy });
  // 职业培训: 培训班 (开班申请与审批), 培训机构目录 (TRAIN-1…13)
  const training: NonNullable<MenuProps['items']> = [];
  if (canOpen(me.role, 'training')) training.push({ key: '/training', label: t('menu.trainingClasses') });
  if (canOpen(me.role, 'trainingProviders'))
    training.push({ key: '/training/providers', label: t('menu.trainingProviders') });
  if (training.length)
    items.push({ key: 'training', icon: <ReadOutlined />, label: t('menu.training'), children: training });
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

/** The submenu that holds a path, so it opens when the page is shown. */
function parentKey(path: string, institutionRole: boolean): string | null {
  if (path.startsWith('/reference')) return 'reference';
  if (path.startsWith('/subsidies')) return 'subsidy';
  if (path.startsWith('/training')) return 'training';
  if (/^\/(dashboard|targets|reports)/.test(path)) return 'progress';
  if (/^\/(plans|pathways|competitions|certificates|coverage|standards)/.test(path)) return 'evaluation';
  if (institutionRole && /^\/(institutions|filings|staff|specs)/.test(path)) return 'mine';
  return null;
}

/** 河南省 / 郑州市, with the institution's name first for institution roles. */
export function scopeText(scope: Me['scope'], t: Translate): string {
  const label = scopeWord(scope.label, t);
  const path = scope.path.map((p) => scopeWord(p, t)).join(' / ');
  if (!path) return label;
  if (scope.path[scope.path.length - 1] === scope.label) return path;
  return `${label}（${path}）`;
}

export default function AppLayout() {
  const me = useMe();
  const { meta, logout } = useAuth();
  const { t, roleLabel, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [queue, setQueue] = useState(0);
  const items = useMemo(() => menuItems(me, t, queue), [me, t, queue]);
  const path = location.pathname === '/' ? '/' : location.pathname.replace(/\/$/, '');
  // /filings/12 highlights 备案申请
  const selected = path
    .replace(/^\/filings\/\d+$/, '/filings')
    .replace(/^\/plans\/\d+$/, '/plans')
    .replace(/^\/subsidies\/(\d+|new)$/, '/subsidies')
    .replace(/^\/training\/classes\/\d+$/, '/training');
  const institutionRole = isInstitutionRole(me.role);
  const [openKeys, setOpenKeys] = useState<string[]>(() => {
    const p = parentKey(selected, institutionRole);
    return p ? [p] : [];
  });
  // 待办 counts what GET /api/filings/queue answers: the officials' queue, the institution's own drafts
  const queueVisible = can(me.role, 'filing.read');

  // 待办 badge: refreshed on every page change (a decision elsewhere changes it)
  const [queueTick, setQueueTick] = useState(0);
  useEffect(() => onQueueChanged(() => setQueueTick((n) => n + 1)), []);
  useEffect(() => {
    if (!queueVisible) return;
    let alive = true;
    api.filingQueue().then(
      (q) => alive && setQueue(q.total),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [queueVisible, location.pathname, location.key, queueTick]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);
  useEffect(() => {
    const p = parentKey(selected, institutionRole);
    if (p) setOpenKeys((k) => (k.includes(p) ? k : [...k, p]));
  }, [selected, institutionRole]);

  const scope = scopeText(me.scope, t);
  const { modal } = App.useApp();
  // a phone (narrower than 768 px): the menu in a drawer, the account in one dropdown
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  const hasMenu = (items?.length ?? 0) > 1;
  const role = lang === 'zh' ? me.roleLabel : roleLabel(me.role, me.roleLabel);
  const confirmLogout = () =>
    modal.confirm({
      title: t('header.logoutConfirm'),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () => logout(),
    });
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      openKeys={openKeys}
      onOpenChange={(k) => setOpenKeys(k as string[])}
      onClick={(e) => {
        setDrawer(false);
        navigate(e.key);
      }}
      data-testid="side-menu"
    />
  );

  return (
    <Layout className={phone ? 'app-layout is-phone' : 'app-layout'}>
      <Header className="app-header">
        {phone && hasMenu && (
          <Button
            type="text"
            className="app-header-btn app-menu-btn"
            icon={<MenuOutlined />}
            aria-label={t('header.menu')}
            onClick={() => setDrawer(true)}
            data-testid="menu-toggle"
          />
        )}
        <div className="app-brand" onClick={() => navigate('/')} role="link">
          <Logo />
          <span className="app-brand-name">{phone ? t('app.nameShort') : t('app.name')}</span>
        </div>
        {phone ? (
          <div className="app-header-right" data-testid="header-user">
            <LangSwitch dark />
            <Dropdown
              trigger={['click']}
              placement="bottomRight"
              menu={{
                items: [
                  {
                    key: 'who',
                    disabled: true,
                    label: (
                      <div className="app-account-who">
                        <b data-testid="header-name" translate="no">
                          {me.displayName}
                        </b>{' '}
                        <Tag className="app-role" data-testid="header-role">
                          {role}
                        </Tag>
                        <div className="muted" data-testid="header-scope" translate="no">
                          <EnvironmentOutlined /> {scope}
                        </div>
                      </div>
                    ),
                  },
                  { type: 'divider' },
                  {
                    key: 'verify',
                    icon: <SafetyCertificateOutlined />,
                    label: <a href="/verify">{t('nav.verify')}</a>,
                  },
                  { key: '/catalog', icon: <ReadOutlined />, label: t('menu.catalog') },
                  ...(canOpen(me.role, 'jobs')
                    ? [{ key: '/jobs', icon: <UnorderedListOutlined />, label: t('header.jobs') }]
                    : []),
                  { key: '/account', icon: <KeyOutlined />, label: t('header.account') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
                ],
                onClick: ({ key }) => {
                  if (key === 'logout') confirmLogout();
                  else if (key.startsWith('/')) navigate(key);
                },
              }}
            >
              <Button
                type="text"
                className="app-header-btn app-account-btn"
                icon={<UserOutlined />}
                aria-label={t('header.more')}
                data-testid="header-account-menu"
              >
                <span className="app-account-name" translate="no">
                  {me.displayName}
                </span>
              </Button>
            </Dropdown>
          </div>
        ) : (
          <div className="app-header-right" data-testid="header-user">
            <VerifyLink className="app-header-link" testId="header-verify" />
            <Button
              type="text"
              size="small"
              className="app-header-btn"
              icon={<ReadOutlined />}
              onClick={() => navigate('/catalog')}
              data-testid="header-catalog"
            >
              <span className="app-header-label">{t('menu.catalog')}</span>
            </Button>
            <Tooltip title={`${t('header.scope')}：${scope}`}>
              <span className="app-scope" data-testid="header-scope" translate="no">
                <EnvironmentOutlined /> <span className="app-scope-text">{scope}</span>
              </span>
            </Tooltip>
            <span className="app-user">
              <UserOutlined />{' '}
              <span data-testid="header-name" translate="no">
                {me.displayName}
              </span>
              <Tag className="app-role" data-testid="header-role">
                {role}
              </Tag>
            </span>
            <LangSwitch dark />
            {canOpen(me.role, 'jobs') && (
              <Tooltip title={t('header.jobs')}>
                <Button
                  type="text"
                  size="small"
                  className="app-header-btn"
                  icon={<UnorderedListOutlined />}
                  onClick={() => navigate('/jobs')}
                  data-testid="header-jobs"
                >
                  <span className="app-header-label">{t('header.jobs')}</span>
                </Button>
              </Tooltip>
            )}
            <Tooltip title={t('header.account')}>
              <Button
                type="text"
                size="small"
                className="app-header-btn"
                icon={<KeyOutlined />}
                onClick={() => navigate('/account')}
                data-testid="header-account"
              >
                <span className="app-header-label">{t('header.account')}</span>
              </Button>
            </Tooltip>
            <Popconfirm
              title={t('header.logoutConfirm')}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => logout()}
              placement="bottomRight"
            >
              <Button
                type="text"
                size="small"
                className="app-header-btn"
                icon={<LogoutOutlined />}
                data-testid="logout"
                aria-label={t('header.logout')}
              >
                <span className="app-header-label">{t('header.logout')}</span>
              </Button>
            </Popconfirm>
          </div>
        )}
      </Header>
      {meta?.demo && (
        <div className="demo-strip" role="alert" data-testid="demo-banner">
          <b>{t('demo.banner')}</b>
          <span>{t('demo.bannerText')}</span>
        </div>
      )}
      <Layout>
        {phone ? (
          <Drawer
            placement="left"
            open={drawer}
            onClose={() => setDrawer(false)}
            size={260}
            title={t('header.menu')}
            className="app-menu-drawer"
          >
            {menu}
          </Drawer>
        ) : (
          <Sider width={208} className="app-sider" breakpoint="lg" collapsedWidth={56}>
            {menu}
          </Sider>
        )}
        <Content className="app-content">
          <ErrorBoundary inPage resetKey={location.pathname}>
            <Suspense
              fallback={
                <div className="page-spin">
                  <Spin />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}
