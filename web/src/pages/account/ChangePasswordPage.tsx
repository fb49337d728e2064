import { Navigate } from 'react-router-dom';
import { Alert } from 'antd';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { ConfinedFrame } from '../../components/ConfinedFrame';
import { ChangePasswordForm } from '../../components/ChangePasswordModal';

/** The only page of a session whose password must change (first sign-in, or reset by an administrator). */
export default function ChangePasswordPage() {
  const { me, refresh } = useAuth();
  const { t } = useI18n();
  // changed: on to the platform (or to binding the second factor, when the role needs one)
  if (me && me.restriction !== 'password_change') return <Navigate to="/" replace />;
  return (
    <ConfinedFrame title={t('pwd.pageTitle')}>
      <Alert type="warning" showIcon title={t('pwd.forced')} style={{ marginBottom: 16 }} />
      <ChangePasswordForm onDone={() => void refresh()} />
    </ConfinedFrame>
  );
}
