import { Tag } from 'antd';
import type { MessageKey } from '../../i18n';
import { useI18n } from '../../i18n';

const APP_STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  recommended: 'cyan',
  returned: 'orange',
  filed: 'green',
  rejected: 'red',
  withdrawn: 'default',
};
export const APPLICATION_STATUS_KEYS = [
  'draft',
  'submitted',
  'recommended',
  'returned',
  'filed',
  'rejected',
  'withdrawn',
] as const;

/** 申请状态 (label from the server in Chinese, translated in English). */
export function FilingStatusTag({ status, label }: { status: string; label: string }) {
  const { t, lang } = useI18n();
  return (
    <Tag color={APP_STATUS_COLOR[status] ?? 'default'} data-testid="filing-status">
      {lang === 'zh' ? label : t(`appStatus.${status}` as MessageKey)}
    </Tag>
  );
}

export function useFilingLabels() {
  const { t } = useI18n();
  return {
    kind: (k: string) => (k === 'scope_extension' ? t('filing.kind.scope_extension') : t('filing.kind.initial')),
    stage: (s: string) =>
      s === 'education' ? t('filing.stage.education') : s === 'hrss' ? t('filing.stage.hrss') : t('filing.stage.done'),
    action: (a: string) => {
      const key = `filing.action.${a}` as MessageKey;
      const v = t(key);
      return v === key ? a : v;
    },
    status: (s: string) => t(`appStatus.${s}` as MessageKey),
  };
}
