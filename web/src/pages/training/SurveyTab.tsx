/**
 * 满意度调查 of a class (TRAIN-8): the provider prints one QR code per trainee; trainees answer on
 * their phones after the training, anonymously; the HRSS of the place closes the survey (it closes by
 * itself once everyone answered). Everyone sees only the class's totals — the rate, the verdicts,
 * the average scores and the comments — and those only once the survey is closed.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, List, Modal, Progress, Space, Tag } from 'antd';
import { PrinterOutlined, QrcodeOutlined, StopOutlined } from '@ant-design/icons';
import { api, type ClassDetail, type SurveyInvites } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { errorContent } from '../../components/ApiErrorView';
import { RuleHint, RuleName } from './TrainingParts';

const VERDICTS = ['satisfied', 'fair', 'dissatisfied'] as const;
const ITEMS = ['content', 'teaching', 'facilities', 'organisation'] as const;

/** The sheet of codes in a window of its own, printed from there (the page around it stays out of the print). */
function printSheet(sheet: SurveyInvites, title: string, hint: string) {
  const w = window.open('', '_blank');
  if (!w) return;
  const esc = (s: string) =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  w.document.write(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:sans-serif;margin:12mm}h1{font-size:16px;margin:0 0 4px}p{font-size:12px;color:#555;margin:0 0 8px}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:6mm}
.card{border:1px dashed #999;padding:4mm;text-align:center;break-inside:avoid}
.card svg{width:38mm;height:38mm}.name{font-size:14px;font-weight:600}.cls{font-size:11px;color:#555}
</style></head><body><h1>${esc(title)}</h1><p>${esc(hint)}</p><div class="grid">
${sheet.invites
  .map(
    (v) =>
      `<div class="card"><div class="name">${esc(v.name)}</div>${v.qrSvg}<div class="cls">${esc(sheet.classTitle)}</div></div>`,
  )
  .join('')}
</div><script>window.onload=function(){window.print()}</script></body></html>`);
  w.document.close();
}

export function SurveyTab({ cls }: { cls: ClassDetail }) {
  const me = useMe();
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const { data: s, error, reload } = useLoad(() => api.classSurvey(cls.id), [cls.id]);
  const [sheet, setSheet] = useState<SurveyInvites | null>(null);
  const [busy, setBusy] = useState(false);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!s) return <Card loading size="small" />;

  const openCodes = async () => {
    setBusy(true);
    try {
      setSheet(await api.surveyCodes(cls.id));
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setBusy(false);
    }
  };
  const close = () =>
    modal.confirm({
      title: t('survey.close'),
      content: t('survey.closeConfirm', { min: s.minPercent }),
      okButtonProps: { danger: true, 'data-testid': 'survey-close-ok' } as never,
      onOk: async () => {
        try {
          await api.closeSurvey(cls.id);
          await reload();
        } catch (e) {
          message.error(errorContent(e));
        }
      },
    });
  const state = s.closed
    ? t('survey.closed', { date: s.closed.closedOn })
    : s.open
      ? t('survey.open')
      : t('survey.notYet', { date: s.opensOn });
  const low = s.ratePercent !== null && s.ratePercent < s.minPercent;

  return (
    <div data-testid="survey-tab">
      <RuleHint rule="TRAIN-8">{t('survey.hint', { date: s.opensOn, min: s.minPercent })}</RuleHint>
      <Card
        size="small"
        className="plan-card"
        title={t('survey.tab')}
        extra={
          <Space wrap>
            {s.mayPrint && can(me.role, 'training.survey.print') ? (
              <Button icon={<QrcodeOutlined />} loading={busy} onClick={openCodes} data-testid="survey-codes">
                {t('survey.print')}
              </Button>
            ) : null}
            {s.mayClose && can(me.role, 'training.survey.close') ? (
              <Button danger icon={<StopOutlined />} onClick={close} data-testid="survey-close">
                {t('survey.close')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="survey-summary">
          <Descriptions.Item label={t('survey.state')}>
            <Tag color={s.closed ? 'default' : s.open ? 'processing' : 'default'}>{state}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('survey.answers')}>
            <span data-testid="survey-answers">
              {t('survey.answersOf', { answers: s.answers, invited: s.invited })}
            </span>
          </Descriptions.Item>
          {s.closed ? (
            <Descriptions.Item label={t('survey.rate')}>
              <span data-testid="survey-rate" className={low ? 'err-text' : ''}>
                {s.ratePercent === null ? '—' : `${s.ratePercent}%`}
              </span>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {!s.closed ? (
          <div className="muted small">{t('survey.hiddenWhileOpen')}</div>
        ) : (
          <>
            {s.closed.rectification ? (
              <div className="err-text" style={{ margin: '8px 0' }} data-testid="survey-rectification">
                <RuleName rule="TRAIN-8" />
                {t('survey.rectification', {
                  min: s.minPercent,
                  from: s.closed.rectification.startsOn,
                  to: s.closed.rectification.endsOn,
                })}
              </div>
            ) : null}
            <div className="training-two-col" style={{ marginTop: 8 }}>
              <div>
                <b>{t('survey.verdicts')}</b>
                {VERDICTS.map((v) => (
                  <div key={v} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                    <span style={{ width: 90 }}>{t(`survey.verdict.${v}`)}</span>
                    <Progress
                      style={{ flex: 1, margin: 0 }}
                      percent={s.answers ? Math.round((s.verdicts[v] * 100) / s.answers) : 0}
                      format={() => s.verdicts[v]}
                      status={v === 'dissatisfied' ? 'exception' : 'normal'}
                    />
                  </div>
                ))}
                <b style={{ display: 'block', marginTop: 8 }}>{t('survey.averages')}</b>
                {ITEMS.map((k) => (
                  <div key={k} className="small">
                    {t(`survey.item.${k}`)}：{s.averages[k] ?? '—'}
                  </div>
                ))}
              </div>
              <div>
                <b>{t('survey.comments')}</b>
                <List
                  size="small"
                  data-testid="survey-comments"
                  dataSource={s.comments}
                  locale={{ emptyText: t('survey.noComments') }}
                  renderItem={(c) => <List.Item>{c}</List.Item>}
                />
              </div>
            </div>
          </>
        )}
      </Card>
      <Modal
        open={sheet !== null}
        width={760}
        title={sheet ? t('survey.printTitle', { title: cls.title }) : ''}
        onCancel={() => setSheet(null)}
        footer={
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            onClick={() =>
              sheet &&
              printSheet(
                sheet,
                t('survey.printTitle', { title: cls.title }),
                t('survey.printHint', { date: s.opensOn }),
              )
            }
            data-testid="survey-print"
          >
            {t('survey.printNow')}
          </Button>
        }
      >
        <div className="muted small" style={{ marginBottom: 8 }}>
          {t('survey.printHint', { date: s.opensOn })}
        </div>
        <div className="survey-codes" data-testid="survey-code-sheet">
          {sheet?.invites.map((v) => (
            <div key={v.traineeId} className="survey-code">
              <b>{v.name}</b>
              <div className="survey-qr" dangerouslySetInnerHTML={{ __html: v.qrSvg }} />
              <a href={v.url} target="_blank" rel="noreferrer" className="small" data-testid="survey-link">
                {v.url.replace(/^https?:\/\//, '')}
              </a>
            </div>
          ))}
        </div>
      </Modal>
    </div>
  );
}
