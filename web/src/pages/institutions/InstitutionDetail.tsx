import { Descriptions, Skeleton, Tag, Typography } from 'antd';
import type { Institution } from '../../../../contract/api.js';
import { formatDate, formatDateTime, useI18n } from '../../i18n';
import { kindLabel, schoolTypeLabel } from './labels';
import { StatusTag, Validity } from './InstitutionStatus';

const dash = (v: string | null | undefined) => (v ? v : '—');

export function InstitutionDescriptions({ inst, column = 1 }: { inst: Institution | undefined; column?: number }) {
  const { t, lang } = useI18n();
  if (!inst) return <Skeleton active />;
  return (
    <Descriptions
      bordered
      size="small"
      column={column}
      styles={{ label: { width: 130 } }}
      items={[
        { key: 'name', label: t('inst.name'), children: <b>{inst.name}</b>, span: column },
        {
          key: 'filingNo',
          label: t('inst.filingNo'),
          children: inst.filingNo ? (
            <Typography.Text copyable style={{ fontFamily: 'monospace' }}>
              {inst.filingNo}
            </Typography.Text>
          ) : (
            '—'
          ),
        },
        { key: 'status', label: t('inst.status'), children: <StatusTag inst={inst} /> },
        { key: 'filedAt', label: t('inst.filedAt'), children: formatDate(inst.filedAt) },
        { key: 'validUntil', label: t('inst.validUntil'), children: <Validity inst={inst} /> },
        ...(inst.rectificationDeadline
          ? [
              {
                key: 'rect',
                label: t('inst.rectificationDeadline'),
                children: <Typography.Text type="warning">{formatDate(inst.rectificationDeadline)}</Typography.Text>,
              },
            ]
          : []),
        { key: 'kind', label: t('inst.kind'), children: kindLabel(inst.kind, lang, true) },
        { key: 'schoolType', label: t('inst.schoolType'), children: schoolTypeLabel(inst.schoolType, lang) },
        {
          key: 'owner',
          label: t('inst.owner'),
          children: <Tag color={inst.owner === 'province' ? 'blue' : 'default'}>{t(`inst.owner.${inst.owner}`)}</Tag>,
        },
        { key: 'region', label: t('inst.region'), children: `${inst.place}（${inst.regionCode}）` },
        {
          key: 'creditCode',
          label: t('inst.creditCode'),
          children: <span style={{ fontFamily: 'monospace' }}>{dash(inst.creditCode)}</span>,
        },
        {
          key: 'contact',
          label: t('inst.contact'),
          children: [inst.contactName, inst.contactPhone].filter(Boolean).join('  ') || '—',
        },
        { key: 'address', label: t('inst.address'), children: dash(inst.address), span: column },
        { key: 'id', label: t('inst.id'), children: inst.id },
        { key: 'createdAt', label: t('inst.createdAt'), children: formatDateTime(inst.createdAt) },
      ]}
    />
  );
}
