/**
 * 学生身份 (CERT-10): the situation a registration was judged and charged on, and on demand the
 * person's situation now with every change of it — applied, or asked for by another institution
 * and kept as the school recorded it.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Empty, Modal, Spin, Table, Tag, Tooltip } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import { api, type Registration, type RegistrationSituation, type Situation, type SituationChange } from '../../api';
import { formatDateTime, useI18n, type Translate } from '../../i18n';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { studentTypeLabel } from './labels';

/** 「专科 · 郑州智能制造职业学院 · 电气自动化技术 · 2027 年毕业 · 在校」 */
export function situationText(t: Translate, s: Situation): string {
  if (!s.studentType && !s.schoolName && !s.inSchool && !s.graduationYear) return t('sit.worker');
  return [
    s.studentType ? studentTypeLabel(t, s.studentType) : null,
    s.schoolName,
    s.major,
    s.graduationYear ? t('sit.class', { year: s.graduationYear }) : null,
    s.inSchool ? t('sit.inSchool') : t('sit.notInSchool'),
  ]
    .filter(Boolean)
    .join(' · ');
}

function valueText(t: Translate, field: SituationChange['changes'][number]['field'], v: unknown): string {
  if (v === null || v === undefined || v === '') return t('sit.empty');
  if (field === 'inSchool') return v ? t('sit.inSchool') : t('sit.notInSchool');
  if (field === 'studentType') return studentTypeLabel(t, String(v));
  return String(v);
}

/** The snapshot line in a candidate's expanded row, with the history button. */
export function SituationLine({ r }: { r: Registration }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const s = r.situation;
  return (
    <div className="situation-line" data-testid={`situation-${r.id}`}>
      <span className="muted">{t('sit.title')}：</span>
      {s ? <b>{situationText(t, s)}</b> : <span className="muted">{t('sit.none')}</span>}
      {s?.inSchool && (
        <Tag color="green" style={{ marginLeft: 8 }}>
          {t('sit.free')}
        </Tag>
      )}
      <Button
        size="small"
        type="link"
        icon={<HistoryOutlined />}
        onClick={() => setOpen(true)}
        data-testid={`situation-history-${r.id}`}
      >
        {t('sit.history')}
      </Button>
      {s?.note && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 6 }}
          title={
            <span>
              <RuleTag rule="CERT-10" />
              {t('sit.kept')}
              {s.note}
            </span>
          }
        />
      )}
      <SituationHistoryModal registrationId={open ? r.id : null} name={r.name} onClose={() => setOpen(false)} />
    </div>
  );
}

/** The snapshot, the situation now, and its history, loaded when opened. */
export function SituationHistoryModal({
  registrationId,
  name,
  onClose,
}: {
  registrationId: number | null;
  name: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [data, setData] = useState<RegistrationSituation | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (registrationId === null) return;
    let live = true;
    setData(null);
    setError(null);
    api.registrationSituation(registrationId).then(
      (d) => live && setData(d),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [registrationId]);
  return (
    <Modal
      open={registrationId !== null}
      title={t('sit.historyTitle', { name })}
      width={860}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="situation-modal">
        <ErrorAlert error={error} />
        {!data && !error && <Spin />}
        {data && (
          <>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('sit.atRegistration')}>
                {data.atRegistration ? situationText(t, data.atRegistration) : t('sit.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('sit.current')}>{situationText(t, data.current)}</Descriptions.Item>
            </Descriptions>
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('sit.rule')} />
            {data.history.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sit.noHistory')} />
            ) : (
              <Table<SituationChange>
                size="small"
                rowKey={(_, i) => String(i)}
                pagination={false}
                dataSource={data.history}
                data-testid="situation-history"
                columns={[
                  { title: t('sit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
                  {
                    title: t('sit.from'),
                    key: 'from',
                    width: 200,
                    render: (_: unknown, h) => (
                      <span>
                        {h.institutionName ?? '—'}
                        <div className="muted small">
                          {t(`sit.source.${h.source as 'registration'}`)}
                          {h.by ? ` · ${h.by}` : ''}
                        </div>
                      </span>
                    ),
                  },
                  {
                    title: t('sit.changes'),
                    key: 'changes',
                    render: (_: unknown, h) => (
                      <>
                        <ul className="situation-changes">
                          {h.changes.map((c) => (
                            <li key={c.field}>
                              {t(`sit.field.${c.field}`)}：{valueText(t, c.field, c.before)} →{' '}
                              {valueText(t, c.field, c.after)}
                            </li>
                          ))}
                        </ul>
                        {!h.applied && h.note && (
                          <div className="small" style={{ color: '#d46b08' }}>
                            {h.note}
                          </div>
                        )}
                      </>
                    ),
                  },
                  {
                    title: '',
                    key: 'applied',
                    width: 90,
                    render: (_: unknown, h) =>
                      h.applied ? (
                        <Tag color="green">{t('sit.applied')}</Tag>
                      ) : (
                        <Tooltip title={h.note}>
                          <Tag color="orange">{t('sit.notApplied')}</Tag>
                        </Tooltip>
                      ),
                  },
                ]}
              />
            )}
          </>
        )}
      </div>
    </Modal>
  );
}
