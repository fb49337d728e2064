import { Space, Tag } from 'antd';
import type { Institution } from '../../../../contract/api.js';
import { formatDate, useI18n } from '../../i18n';

const STATUS_COLOR: Record<string, string> = { filed: 'green', unfiled: 'default', rectification: 'orange', suspended: 'volcano', revoked: 'red' };

/** 备案状态 as a coloured tag (label from the server). */
export function StatusTag({ inst }: { inst: Pick<Institution, 'status' | 'statusLabel'> }) {
  return <Tag color={STATUS_COLOR[inst.status] ?? 'default'}>{inst.statusLabel}</Tag>;
}

/** 有效期至 with a warning when the filing expires within 90 days or has expired. */
export function Validity({ inst }: { inst: Pick<Institution, 'validUntil' | 'validity' | 'daysLeft'> }) {
  const { t } = useI18n();
  if (!inst.validUntil) return <span>—</span>;
  return (
    <Space size={4}>
      <span>{formatDate(inst.validUntil)}</span>
      {inst.validity === 'expiring' && <Tag color="orange">{t('inst.validity.expiring', { n: inst.daysLeft ?? 0 })}</Tag>}
      {inst.validity === 'expired' && <Tag color="red">{t('inst.validity.expired')}</Tag>}
    </Space>
  );
}
