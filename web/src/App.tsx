import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { useI18n } from './i18n';
import { theme } from './theme';
import type { PageKey } from './access';
import { Guard } from './components/Guard';
import { ErrorBoundary } from './components/ErrorBoundary';

// One chunk per page, so the login page stays light.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const AppLayout = lazy(() => import('./layout/AppLayout'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const InstitutionsPage = lazy(() => import('./pages/institutions/InstitutionsPage'));
const RegionsPage = lazy(() => import('./pages/reference/RegionsPage'));
const OccupationsPage = lazy(() => import('./pages/reference/OccupationsPage'));
const OnePlusXPage = lazy(() => import('./pages/reference/OnePlusXPage'));
const LevelsPage = lazy(() => import('./pages/reference/LevelsPage'));
const AccountsPage = lazy(() => import('./pages/accounts/AccountsPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const NotFound = lazy(() => import('./components/NotFound'));
const QueuePage = lazy(() => import('./pages/filings/QueuePage'));
const FilingsPage = lazy(() => import('./pages/filings/FilingsPage'));
const FilingDetailPage = lazy(() => import('./pages/filings/FilingDetailPage'));
const StaffPage = lazy(() => import('./pages/staff/StaffPage'));
const SpecsPage = lazy(() => import('./pages/specs/SpecsPage'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage'));
const PlanDetailPage = lazy(() => import('./pages/plans/PlanDetailPage'));
const PathwaysPage = lazy(() => import('./pages/pathways/PathwaysPage'));
const CompetitionsPage = lazy(() => import('./pages/pathways/CompetitionsPage'));
const CertificatesPage = lazy(() => import('./pages/certificates/CertificatesPage'));
const CoveragePage = lazy(() => import('./pages/coverage/CoveragePage'));
const OtherCertificatesPage = lazy(() => import('./pages/certificates/OtherCertificatesPage'));
const StandardsPage = lazy(() => import('./pages/standards/StandardsPage'));
const DashboardPage = lazy(() => import('./pages/targets/DashboardPage'));
const TargetsPage = lazy(() => import('./pages/targets/TargetsPage'));
const ReportsPage = lazy(() => import('./pages/targets/ReportsPage'));
const MyAccountPage = lazy(() => import('./pages/account/MyAccountPage'));
const MyJobsPage = lazy(() => import('./pages/jobs/MyJobsPage'));
const TrainingClassesPage = lazy(() => import('./pages/training/TrainingClassesPage'));
const ClassDetailPage = lazy(() => import('./pages/training/ClassDetailPage'));
const ProvidersPage = lazy(() => import('./pages/training/ProvidersPage'));
// the pages a confined session is kept on (a password to change, a second factor to bind)
const ChangePasswordPage = lazy(() => import('./pages/account/ChangePasswordPage'));
const EnrolSecondFactorPage = lazy(() => import('./pages/account/EnrolSecondFactorPage'));
// the public catalog and publicity lists need no sign-in and have their own light frame
const CatalogPage = lazy(() => import('./pages/catalog/CatalogPage'));
const PublicResultsPage = lazy(() => import('./pages/results/PublicResultsPage'));
const PublicSubsidyPage = lazy(() => import('./pages/subsidies/PublicSubsidyPage'));
const PublicFundUsePage = lazy(() => import('./pages/subsidies/PublicFundUsePage'));
const ClaimsPage = lazy(() => import('./pages/subsidies/ClaimsPage'));
const ClaimBuilderPage = lazy(() => import('./pages/subsidies/ClaimBuilderPage'));
const TrainingClaimPage = lazy(() => import('./pages/subsidies/TrainingClaimPage'));
const ClaimDetailPage = lazy(() => import('./pages/subsidies/ClaimDetailPage'));
const SubsidyRatesPage = lazy(() => import('./pages/subsidies/RatesPage'));
const SubsidyFundsPage = lazy(() => import('./pages/subsidies/FundsPage'));
const PublicTrainingPage = lazy(() => import('./pages/training/PublicTrainingPage'));
const PublicSurveyPage = lazy(() => import('./pages/training/PublicSurveyPage'));

export function BootSpin() {
  return (
    <div className="boot-spin">
      <Spin size="large" />
    </div>
  );
}

/** Signed in; `confined`: this is the page of the session's restriction, so do not send it there again. */
function RequireAuth({ children, confined }: { children: ReactNode; confined?: boolean }) {
  const { me, notice } = useAuth();
  const location = useLocation();
  if (me === undefined) return <BootSpin />;
  // after signing out, the next person starts at the home page, not at the last page opened
  if (me === null)
    return (
      <Navigate
        to="/login"
        replace
        state={notice === 'loggedOut' ? undefined : { from: location.pathname + location.search }}
      />
    );
  // the server answers nothing else until the password changes or the second factor is bound
  if (!confined && me.restriction === 'password_change') return <Navigate to="/change-password" replace />;
  if (!confined && me.restriction === 'second_factor_enrolment') return <Navigate to="/enrol-second-factor" replace />;
  return <>{children}</>;
}

const guarded = (page: PageKey, el: ReactNode) => <Guard page={page}>{el}</Guard>;

export function App() {
  const { lang } = useI18n();
  const location = useLocation();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <AuthProvider>
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<BootSpin />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/catalog/:id?" element={<CatalogPage />} />
                <Route path="/results/:planId" element={<PublicResultsPage />} />
                <Route path="/subsidy-publicity/:id?" element={<PublicSubsidyPage />} />
                <Route path="/subsidy-fund-use" element={<PublicFundUsePage />} />
                <Route path="/training/public" element={<PublicTrainingPage />} />
                <Route path="/training/survey/:token" element={<PublicSurveyPage />} />
                <Route
                  path="/change-password"
                  element={
                    <RequireAuth confined>
                      <ChangePasswordPage />
                    </RequireAuth>
                  }
                />
                <Route
                  path="/enrol-second-factor"
                  element={
                    <RequireAuth confined>
                      <EnrolSecondFactorPage />
                    </RequireAuth>
                  }
                />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<HomePage />} />
                  <Route path="dashboard" element={guarded('dashboard', <DashboardPage />)} />
                  <Route path="targets" element={guarded('targets', <TargetsPage />)} />
                  <Route path="reports" element={guarded('reports', <ReportsPage />)} />
                  <Route path="queue" element={guarded('queue', <QueuePage />)} />
                  <Route path="filings" element={guarded('filings', <FilingsPage />)} />
                  <Route path="filings/:id" element={guarded('filings', <FilingDetailPage />)} />
                  <Route path="institutions" element={guarded('institutions', <InstitutionsPage />)} />
                  <Route path="staff" element={guarded('staff', <StaffPage />)} />
                  <Route path="specs" element={guarded('specs', <SpecsPage />)} />
                  <Route path="plans" element={guarded('plans', <PlansPage />)} />
                  <Route path="plans/:id" element={guarded('plans', <PlanDetailPage />)} />
                  <Route path="pathways" element={guarded('pathways', <PathwaysPage />)} />
                  <Route path="competitions" element={guarded('competitions', <CompetitionsPage />)} />
                  <Route path="certificates" element={guarded('certificates', <CertificatesPage />)} />
                  <Route path="coverage" element={guarded('coverage', <CoveragePage />)} />
                  <Route path="certificates/other" element={guarded('otherCertificates', <OtherCertificatesPage />)} />
                  <Route path="standards" element={guarded('standards', <StandardsPage />)} />
                  <Route path="subsidies" element={guarded('subsidies', <ClaimsPage />)} />
                  <Route path="subsidies/new" element={guarded('subsidies', <ClaimBuilderPage />)} />
                  <Route path="subsidies/new-training" element={guarded('subsidies', <TrainingClaimPage />)} />
                  <Route path="subsidies/funds" element={guarded('subsidyFunds', <SubsidyFundsPage />)} />
                  <Route path="subsidies/rates" element={guarded('subsidyRates', <SubsidyRatesPage />)} />
                  <Route path="subsidies/:id" element={guarded('subsidies', <ClaimDetailPage />)} />
                  <Route path="training" element={guarded('training', <TrainingClassesPage />)} />
                  <Route path="training/classes/:id" element={guarded('training', <ClassDetailPage />)} />
                  <Route path="training/providers" element={guarded('trainingProviders', <ProvidersPage />)} />
                  <Route path="reference">
                    <Route index element={<Navigate to="regions" replace />} />
                    <Route path="regions" element={guarded('reference', <RegionsPage />)} />
                    <Route path="occupations" element={guarded('reference', <OccupationsPage />)} />
                    <Route path="one-plus-x" element={guarded('reference', <OnePlusXPage />)} />
                    <Route path="levels" element={guarded('reference', <LevelsPage />)} />
                  </Route>
                  <Route path="accounts" element={guarded('accounts', <AccountsPage />)} />
                  <Route path="audit" element={guarded('audit', <AuditPage />)} />
                  <Route path="account" element={<MyAccountPage />} />
                  <Route path="jobs" element={guarded('jobs', <MyJobsPage />)} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </ErrorBoundary>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
