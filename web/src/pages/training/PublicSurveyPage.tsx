/**
 * 培训满意度调查 (TRAIN-8), public: a trainee scans the QR code handed out after training and rates
 * it on a phone, without signing in. The page shows the class, never who holds the code; the
 * answer is stored without a name, the code or a time, and the code answers once.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Input, Radio, Rate, Result, Skeleton } from 'antd';
import { SmileOutlined } from '@ant-design/icons';
import { api, type SurveyAnswerBody } from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { ErrorAlert } from '../../components/ApiErrorView';
import { PublicLayout } from '../catalog/PublicLayout';
import { SURVEY_COMMENT_MAX_LENGTH, type SurveyVerdict } from '../../../../contract/api-training-survey.js';
import '../catalog/catalog.css';
import './training.css';

const VERDICTS: SurveyVerdict[] = ['satisfied', 'fair', 'dissatisfied'];
const ITEMS = ['content', 'teaching', 'facilities', 'organisation'] as const;
type Item = (typeof ITEMS)[number];

export default function PublicSurveyPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const { data, error, reload } = useLoad(() => api.publicSurvey(token), [token]);
  const [overall, setOverall] = useState<SurveyVerdict | null>(null);
  const [scores, setScores] = useState<Record<Item, number>>({
    content: 5,
    teaching: 5,
    facilities: 5,
    organisation: 5,
  });
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [missing, setMissing] = useState(false);

  const submit = async () => {
    if (!overall) {
      setMissing(true);
      return;
    }
    setSending(true);
    setSendError(null);
    try {
      const body: SurveyAnswerBody = { overall, ...scores, comment: comment.trim() || null };
      await api.answerSurvey(token, body);
      setDone(true);
    } catch (e) {
      setSendError(e);
    } finally {
      setSending(false);
    }
  };

  let content;
  if (error) content = <LoadError error={error} onRetry={reload} />;
  else if (!data) content = <Skeleton active />;
  else if (done)
    content = (
      <Result
        status="success"
        icon={<SmileOutlined />}
        title={t('survey.thanks')}
        subTitle={t('survey.thanksText')}
        data-testid="survey-thanks"
      />
    );
  else if (data.state !== 'open')
    content = (
      <Alert
        type={data.state === 'answered' ? 'success' : 'info'}
        showIcon
        data-testid="survey-state"
        title={
          data.state === 'answered'
            ? t('survey.alreadyAnswered')
            : data.state === 'not_yet'
              ? t('survey.notOpenYet', { date: data.opensOn })
              : t('survey.closedText')
        }
      />
    );
  else
    content = (
      <div data-testid="survey-form">
        <h3>{t('survey.overallQ')}</h3>
        <Radio.Group
          value={overall}
          onChange={(e) => {
            setOverall(e.target.value as SurveyVerdict);
            setMissing(false);
          }}
          optionType="button"
          buttonStyle="solid"
          style={{ display: 'flex' }}
          data-testid="survey-overall"
        >
          {VERDICTS.map((v) => (
            <Radio.Button
              key={v}
              value={v}
              style={{ flex: 1, textAlign: 'center' }}
              data-testid={`survey-overall-${v}`}
            >
              {t(`survey.verdict.${v}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
        {missing ? <div className="err-text small">{t('survey.chooseOverall')}</div> : null}
        <h3 style={{ marginTop: 20 }}>{t('survey.itemsQ')}</h3>
        {ITEMS.map((k) => (
          <div key={k} className="survey-item">
            <span>{t(`survey.item.${k}`)}</span>
            <Rate
              value={scores[k]}
              allowClear={false}
              onChange={(v) => setScores((s) => ({ ...s, [k]: v }))}
              data-testid={`survey-score-${k}`}
            />
          </div>
        ))}
        <h3 style={{ marginTop: 20 }}>{t('survey.commentQ')}</h3>
        <Input.TextArea
          rows={3}
          value={comment}
          maxLength={SURVEY_COMMENT_MAX_LENGTH}
          showCount
          onChange={(e) => setComment(e.target.value)}
          data-testid="survey-comment"
        />
        {sendError ? <ErrorAlert error={sendError} /> : null}
        <Button
          type="primary"
          size="large"
          block
          loading={sending}
          onClick={submit}
          style={{ marginTop: 20 }}
          data-testid="survey-submit"
        >
          {t('survey.submit')}
        </Button>
      </div>
    );

  return (
    <PublicLayout title={t('survey.publicTitle')}>
      <div className="survey-page">
        <Card size="small" data-testid="survey-page">
          <h2 style={{ marginTop: 0 }}>{t('survey.publicTitle')}</h2>
          {data ? (
            <div style={{ marginBottom: 12 }} data-testid="survey-class">
              <div>
                <b>{data.classTitle}</b>
              </div>
              <div className="muted small">
                {data.providerName} · {data.occupationName} · {data.startDate} ~ {data.endDate}
              </div>
            </div>
          ) : null}
          <div className="muted small" style={{ marginBottom: 12 }}>
            {t('survey.publicIntro')}
          </div>
          {content}
        </Card>
      </div>
    </PublicLayout>
  );
}
