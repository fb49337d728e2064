import type { ReactNode } from 'react';
import { Alert, Tag, Tooltip } from 'antd';
import { PREREQUISITES } from '../../../contract/institutions.js';
import { isRuleId, RULES, ruleText, type RuleId } from '../../../contract/rules.js';
import { ApiError } from '../api';
import { useI18n } from '../i18n';
import { fieldName } from './formErrors';

/**
 * The policy rule behind a refusal, e.g. 「INST-3」 (with `withTitle`, 「INST-3 备案条件」), so people see why: hovering shows the
 * rule in plain Chinese with its source document (contract/rules.ts).
 */
export function RuleTag({ rule, withTitle = false }: { rule: string; withTitle?: boolean }) {
  const { t, lang } = useI18n();
  const known = isRuleId(rule) ? ruleText(rule) : null;
  const title = known ? (lang === 'en' ? RULES[rule as RuleId].titleEn : known.title) : null;
  return (
    <Tooltip
      title={
        known ? (
          <div data-testid="rule-text">
            <div>{known.text}</div>
            <div className="rule-source">{t('error.ruleSource', { source: known.source })}</div>
          </div>
        ) : (
          t('error.ruleHint', { rule })
        )
      }
    >
      <Tag color="red" className="rule-tag" data-testid="rule-tag">
        {withTitle && title ? `${rule} ${title}` : rule}
      </Tag>
    </Tooltip>
  );
}

/**
 * The rule behind a refusal written out under it — its plain wording and source document — so
 * people read why without hovering (a phone has no hover). Nothing for an unknown rule id.
 */
export function RuleBasis({ rule }: { rule: string }) {
  const { t } = useI18n();
  if (!isRuleId(rule)) return null;
  const known = ruleText(rule);
  return (
    <div className="rule-basis" data-testid="rule-basis">
      {known.text}
      <span className="rule-source">{t('error.ruleSource', { source: known.source })}</span>
    </div>
  );
}

/** One line for a toast: rule tag + the server's Chinese message. */
export function errorContent(err: unknown): ReactNode {
  if (err instanceof ApiError) {
    const extra = err.details?.map((d) => d.message).join('；');
    return (
      <span>
        {err.rule && <RuleTag rule={err.rule} withTitle />}
        {extra && !err.message.includes(extra) ? `${err.message}：${extra}` : err.message}
      </span>
    );
  }
  return err instanceof Error ? err.message : String(err);
}

/** A detail's field as people read it: a prerequisite item's label, or the bare field name. */
function detailLabel(field: string): string | null {
  const f = fieldName(field);
  if (f in PREREQUISITES) return PREREQUISITES[f as keyof typeof PREREQUISITES].label;
  return null;
}

/**
 * A refusal shown in place: the message with its rule tag, and the server's details as a list
 * (for FILING_PREREQUISITES_MISSING, one line per missing INST-3 item).
 */
export function ErrorAlert({
  error,
  onClose,
  testId = 'error-alert',
  style,
  title,
  hideDetails = false,
}: {
  error: unknown;
  onClose?: () => void;
  testId?: string;
  style?: React.CSSProperties;
  title?: ReactNode;
  hideDetails?: boolean;
}) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  // a detail that only repeats the message adds nothing (e.g. one invalid ID number)
  const details = hideDetails
    ? []
    : (api?.details ?? []).filter((d) => title !== undefined || d.message !== api?.message);
  const list = details.length ? (
    <ul className="error-details">
      {details.map((d, i) => {
        const label = detailLabel(d.field);
        return (
          <li key={i}>
            {label && <b>{label}：</b>}
            {d.message}
          </li>
        );
      })}
    </ul>
  ) : undefined;
  const message =
    title ??
    (api
      ? details.length
        ? api.message.split('：')[0]
        : api.message
      : error instanceof Error
        ? error.message
        : String(error));
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose ? { onClose } : undefined}
      data-testid={testId}
      style={{ marginBottom: 12, ...style }}
      title={
        <span>
          {api?.rule && <RuleTag rule={api.rule} withTitle />}
          {message}
        </span>
      }
      description={
        list || api?.rule ? (
          <>
            {list}
            {api?.rule && <RuleBasis rule={api.rule} />}
          </>
        ) : undefined
      }
    />
  );
}
