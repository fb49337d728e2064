import { Empty, Tag, Timeline } from 'antd';
import type { FilingStep } from '../../api';
import { formatDateTime, useI18n } from '../../i18n';
import { useFilingLabels } from './FilingStatus';

const ACTION_COLOR: Record<string, string> = {
  create: 'gray',
  submit: 'blue',
  expert_opinion: 'blue',
  recommend: 'blue',
  file: 'green',
  return: 'orange',
  reject: 'red',
  withdraw: 'gray',
};

interface OpinionDetail {
  expertId?: number;
  expertName?: string;
  opinion?: 'agree' | 'disagree';
}

/** 办理记录: every step with who, when, decision and reason (INST-2). */
export function FilingTimeline({ steps }: { steps: FilingStep[] }) {
  const { t, roleLabel, lang } = useI18n();
  const L = useFilingLabels();
  if (!steps.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="filing-timeline"
      className="dense-timeline"
      items={steps.map((s, i) => {
        const d = (s.detail ?? {}) as OpinionDetail & { filingNo?: string; to?: string };
        // officials' steps carry their region (郑州市): shown with the department (郑州市教育局)
        const official = !!s.actorRole && /_(edu|hrss)$/.test(s.actorRole);
        const dept =
          official && s.department && !/[局厅]$/.test(s.department)
            ? lang === 'zh'
              ? `${s.department}${roleLabel(s.actorRole!).replace(/^[省市县]/, '')}`
              : `${s.department} ${roleLabel(s.actorRole!)}`
            : s.department;
        const who = [dept, s.actorName && s.actorName !== s.department ? s.actorName : null]
          .filter(Boolean)
          .join(' · ');
        return {
          key: i,
          color: s.action === 'expert_opinion' && d.opinion === 'disagree' ? 'red' : (ACTION_COLOR[s.action] ?? 'blue'),
          content: (
            <div className="tl-item" data-testid={`step-${s.action}`}>
              <div className="tl-head">
                <b>{L.action(s.action)}</b>
                {s.action === 'expert_opinion' && (
                  <>
                    <span>{d.expertName ?? (d.expertId ? t('expert.number', { id: d.expertId }) : '')}</span>
                    <Tag color={d.opinion === 'agree' ? 'green' : 'red'}>
                      {d.opinion === 'agree' ? t('opinion.agree') : t('opinion.disagree')}
                    </Tag>
                  </>
                )}
                {s.action === 'file' && d.filingNo && (
                  <Tag color="green" className="mono">
                    {t('inst.filingNo')} {d.filingNo}
                  </Tag>
                )}
                {d.to && (s.action === 'submit' || s.action === 'recommend') && <span className="muted">→ {d.to}</span>}
                <span className="tl-time">{formatDateTime(s.at)}</span>
              </div>
              {who && (
                <div className="tl-meta">
                  {who}
                  {s.actorRole && !official ? `（${roleLabel(s.actorRole)}）` : ''}
                </div>
              )}
              {s.reason && <div className="tl-reason">{s.reason}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
