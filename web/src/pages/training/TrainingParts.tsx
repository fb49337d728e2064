/**
 * What the training pages share: the labels of the contract's words, the status tag, and the list
 * of named opening checks (TRAIN-1, 2, 3, 8, 12, 13 …) the class form shows live and an official
 * reviews before deciding.
 */
import { List, Tag } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { ClassCheckResult } from '../../api';
import type { Translate } from '../../i18n';
import { useI18n } from '../../i18n';
import { RuleTag } from '../../components/ApiErrorView';
import { LEVELS } from '../../../../contract/levels.js';

export const CLASS_STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
  withdrawn: 'default',
  cancelled: 'error',
};

export function ClassStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={CLASS_STATUS_COLOR[status] ?? 'default'} data-testid="class-status">
      {t(`training.status.${status}` as never)}
    </Tag>
  );
}

export const levelShort = (level: number | null, lang: 'zh' | 'en') => {
  if (level === null) return '';
  const l = LEVELS.find((x) => x.digit === level);
  return l ? (lang === 'zh' ? l.name : `L${l.digit}`) : String(level);
};

export const typeLabel = (t: Translate, k: string) => t(`training.classType.${k}` as never);
export const providerTypeLabel = (t: Translate, k: string) => t(`training.providerType.${k}` as never);
export const groupLabel = (t: Translate, k: string) => t(`training.group.${k}` as never);
export const routeLabel = (t: Translate, k: string) => t(`training.route.${k}` as never);
export const modeLabel = (t: Translate, k: string) => t(`training.mode.${k}` as never);

/** The named checks of a class application: each passing or failing, with the rule behind it. */
export function ClassChecksList({ checks, loading }: { checks: ClassCheckResult[]; loading?: boolean }) {
  return (
    <List
      size="small"
      loading={loading}
      className="class-checks"
      data-testid="class-checks"
      dataSource={checks}
      renderItem={(c) => (
        <List.Item data-testid={`check-${c.key}`} data-ok={c.ok ? '1' : '0'} style={{ padding: '4px 0' }}>
          <span style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            {c.ok ? (
              <CheckCircleFilled style={{ color: '#389e0d', marginTop: 4 }} />
            ) : (
              <CloseCircleFilled style={{ color: '#cf1322', marginTop: 4 }} />
            )}
            <span>
              {c.rule ? <RuleTag rule={c.rule} /> : null}
              <span className={c.ok ? '' : 'err-text'}>{c.message}</span>
            </span>
          </span>
        </List.Item>
      )}
    />
  );
}
