/**
 * What the training pages share: the labels of the contract's words, the status tag, and the list
 * of named opening checks (TRAIN-1, 2, 3, 8, 12, 13 …) the class form shows live and an official
 * reviews before deciding.
 */
import type { ReactNode } from 'react';
import { Alert, List, Tag, Tooltip } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { ClassCheckResult } from '../../api';
import type { Translate } from '../../i18n';
import { useI18n } from '../../i18n';
import { LEVELS } from '../../../../contract/levels.js';
import { isRuleId, RULES, ruleCitation } from '../../../../contract/rules.js';

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

/**
 * A rule named in words — its short name (满意度调查, 班额与课时 …) — never as a bare id: the id, the
 * rule's wording and its source document are in the tooltip (and `data-rule` for tests).
 */
export function RuleName({ rule }: { rule: string }) {
  const { t, lang } = useI18n();
  if (!isRuleId(rule)) return null;
  const r = RULES[rule];
  return (
    <Tooltip
      title={
        <div data-testid="rule-text">
          <div>
            {rule} · {lang === 'en' ? r.titleEn : r.title}
          </div>
          <div>{r.text}</div>
          <div className="rule-source">{t('error.ruleSource', { source: r.source })}</div>
        </div>
      }
    >
      <Tag
        color="blue"
        className="rule-name"
        data-testid="rule-name"
        data-rule={rule}
        aria-label={ruleCitation(rule, lang)}
      >
        {lang === 'en' ? r.titleEn : r.title}
      </Tag>
    </Tooltip>
  );
}

/** A page's or a section's guidance with the rule it follows, named in words. */
export function RuleHint({ rule, children }: { rule: string; children: ReactNode }) {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      title={
        <span>
          <RuleName rule={rule} />
          {children}
        </span>
      }
    />
  );
}

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
              {c.rule ? <RuleName rule={c.rule} /> : null}
              <span className={c.ok ? '' : 'err-text'}>{c.message}</span>
            </span>
          </span>
        </List.Item>
      )}
    />
  );
}
