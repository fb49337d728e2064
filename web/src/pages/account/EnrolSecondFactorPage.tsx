import { Navigate } from 'react-router-dom';
import { Alert } from 'antd';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { ConfinedFrame } from '../../components/ConfinedFrame';
import { SecondFactorEnrol } from './SecondFactorEnrol';

/** The only page of a session whose role signs in with a second factor it has not bound yet. */
export default function EnrolSecondFactorPage() {
  const { me, refresh } = useAuth();
  const { t } = useI18n();
  if (!me) return null;
  // bound (and the recovery codes saved): the whole platform is open again
  if (me.restriction === null) return <Navigate to="/" replace />;
  // once bound, the recovery codes stay on screen until the person says they saved them
  return (
    <ConfinedFrame title={t('tfa.pageTitle')}>
      {me.restriction === 'second_factor_enrolment' && (
        <Alert type="info" showIcon title={t('tfa.forced')} style={{ marginBottom: 16 }} />
      )}
      {me.restriction === 'password_change' ? (
        <Navigate to="/change-password" replace />
      ) : (
        <SecondFactorEnrol username={me.username} autoStart onDone={() => void refresh()} />
      )}
    </ConfinedFrame>
  );
}
