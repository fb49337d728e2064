import { Empty, Tag, Timeline } from 'antd';
import { INSTITUTION_STATUSES, type InstitutionStatusCode } from '../../../../contract/institutions.js';
import type { InstitutionEvent } from '../../api';
import { formatDate, formatDateTime, useI18n, type MessageKey } from '../../i18n';

/** An institution's management or credit event (its own record and the public catalog's history). */
export type EventLike = InstitutionEvent;

const EVENT_COLOR: Record<string, string> = {
  filed: 'green',
  rectification_ordered: 'orange',
  rectification_completed: 'green',
  suspend: 'red',
  reinstate: 'blue',
  revoke: 'gray',
  violation: 'red',
  complaint_upheld: 'red',
  late_report: 'orange',
};
const EVENT_TYPES = new Set(Object.keys(EVENT_COLOR));

/** 动态管理与信用记录: filing, rectification, suspension, revocation and credit events, newest first. */
export function EventsTimeline({ events, showActor = true }: { events: EventLike[]; showActor?: boolean }) {
  const { t } = useI18n();
  const statusName = (s: string | null) =>
    s ? (s in INSTITUTION_STATUSES ? t(`instStatus.${s as InstitutionStatusCode}`) : s) : '';
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('events.none')} />;
  const sorted = [...events].sort((a, b) => (a.at < b.at ? 1 : -1));
  return (
    <Timeline
      data-testid="events-timeline"
      className="dense-timeline"
      items={sorted.map((e, i) => ({
        key: i,
        color: EVENT_COLOR[e.type] ?? 'blue',
        content: (
          <div className="tl-item">
            <div className="tl-head">
              <b>{EVENT_TYPES.has(e.type) ? t(`instEvent.${e.type}` as MessageKey) : e.typeLabel}</b>
              {e.statusBefore && e.statusAfter && e.statusBefore !== e.statusAfter && (
                <Tag className="tl-status">
                  {statusName(e.statusBefore)} → {statusName(e.statusAfter)}
                </Tag>
              )}
              <span className="tl-time">{formatDateTime(e.at)}</span>
            </div>
            {e.reason && <div className="tl-reason">{e.reason}</div>}
            {e.deadline && (
              <div className="tl-meta warn-text">{t('inst.deadlineShort', { date: formatDate(e.deadline) })}</div>
            )}
            {showActor && e.actorName && <div className="tl-meta">{t('events.actor', { name: e.actorName })}</div>}
          </div>
        ),
      }))}
    />
  );
}
