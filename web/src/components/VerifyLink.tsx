import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/**
 * 证书查询: the way in to the public verification page. /verify is its own light page (not a
 * route of this app), so this is a plain link that loads it.
 */
export function VerifyLink({
  className,
  testId = 'verify-link',
  icon = true,
  label,
}: {
  className?: string;
  testId?: string;
  icon?: boolean;
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <a href="/verify" className={className} data-testid={testId}>
      {icon && <SafetyCertificateOutlined />} {label ?? t('nav.verify')}
    </a>
  );
}
