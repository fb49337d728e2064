/**
 * The learner's home: a greeting, then 我的证书 — one card per certificate with its number,
 * occupation, level, issuing institution, date and status, the PDF to download and its record.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { DownloadOutlined, FileSearchOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Home } from '../../../../contract/api.js';
import { api, type Certificate } from '../../api';
import { useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { errorContent } from '../../components/ApiErrorView';
import { levelText } from '../institutions/InstitutionStatus';
import { CertStatusTag, partLabel, pathwayLabel, plainDate } from '../plans/labels';
import { VerifyLink } from '../../components/VerifyLink';
import { WithNames } from '../../components/WithNames';
import { CertificateDrawer } from '../certificates/CertificateDrawer';
import { MyOtherCertificates } from '../certificates/OtherCertificatesPage';

function CertificateCard({ c, onOpen }: { c: Certificate; onOpen: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const pdf = async () => {
    setBusy(true);
    try {
      await api.certificatePdf(c.id, c.number);
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setBusy(false);
    }
  };
  const credential = async () => {
    try {
      await api.certificateCredential(c.id, c.number);
    } catch (e) {
      message.warning(errorContent(e));
    }
  };
  return (
    <article className={`my-cert status-${c.status}`} data-testid="my-cert" data-number={c.number}>
      <header className="my-cert-band">
        <span>
          <SafetyCertificateOutlined /> {t('learner.certKind')}
        </span>
        <CertStatusTag status={c.status} />
      </header>
      <div className="my-cert-body">
        <div className="my-cert-title">
          <span className="my-cert-occ">{c.occupationName}</span>
          <span className="my-cert-level">{lang === 'zh' ? c.levelLabel : levelText(c.level, lang)}</span>
        </div>
        {c.workType && (
          <div className="muted">
            {t('cert.workType')}：{c.workType}
          </div>
        )}
        <dl className="my-cert-facts">
          <dt>{t('cert.number')}</dt>
          <dd>
            <Typography.Text copyable className="mono" data-testid="my-cert-number">
              {c.number}
            </Typography.Text>
          </dd>
          <dt>{t('cert.institution')}</dt>
          <dd>{c.institutionName}</dd>
          <dt>{t('cert.issuedOn')}</dt>
          <dd>{plainDate(c.issuedOn)}</dd>
          <dt>{t('cert.pathway')}</dt>
          <dd>{pathwayLabel(t, c.pathway)}</dd>
        </dl>
      </div>
      <footer className="my-cert-foot">
        <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={pdf} data-testid="my-cert-pdf">
          {t('learner.downloadPdf')}
        </Button>
        <Button icon={<FileSearchOutlined />} onClick={onOpen} data-testid="my-cert-open">
          {t('learner.record')}
        </Button>
        <Button icon={<SafetyCertificateOutlined />} onClick={credential} data-testid="my-cert-credential">
          {t('learner.downloadCredential')}
        </Button>
      </footer>
    </article>
  );
}

function MyApplications() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data } = useLoad(() => api.myRegistrations(), []);
  const rows = data ?? [];
  return (
    <Card
      size="small"
      title={<span className="card-title-strong">{t('learner.myApplications')}</span>}
      style={{ marginTop: 12 }}
      data-testid="my-applications"
    >
      {rows.length === 0 ? (
        <Empty description={t('learner.noApplications')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rows.map((r) => (
            <div key={r.registrationId} className="my-app" data-testid="my-application">
              <div>
                <strong>{r.title}</strong> <span className="muted">· {r.institutionName}</span>
              </div>
              <div className="muted">
                {t(`learner.${r.status}`)}
                {r.decisionReason ? `（${r.decisionReason}）` : ''}
                {' · '}
                {r.scores
                  ? Object.entries(r.scores)
                      .map(([p, s]) => `${partLabel(t, p)} ${s ?? '—'}`)
                      .join('，')
                  : t('learner.scoresHidden')}
                {r.result ? ` · ${t(`learner.${r.result}`)}` : ''}
              </div>
              {r.status === 'eligible' && (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() => api.ticket(r.registrationId).catch((e) => message.error(errorContent(e)))}
                >
                  {t('learner.ticket')}
                </Button>
              )}
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}

export function LearnerHome({ home }: { home: Home }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => api.certificates({ pageSize: 100 }), []);
  const [open, setOpen] = useState<number | null>(null);
  const certs = data?.items ?? [];
  const valid = certs.filter((c) => c.status === 'valid').length;
  return (
    <div data-testid="home" className="learner-home">
      <div className="learner-hero">
        <div>
          <h2 data-testid="home-title">
            <WithNames text={home.title} />
          </h2>
          <p>{certs.length ? t('learner.summary', { n: certs.length, valid }) : t('learner.welcome')}</p>
        </div>
        <SafetyCertificateOutlined className="learner-hero-icon" />
      </div>
      {home.notices.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} size={8}>
          {home.notices.map((n, i) => (
            <Alert key={i} type="info" showIcon title={<WithNames text={n} />} data-testid="home-notice" />
          ))}
        </Space>
      )}
      <Card
        size="small"
        title={<span className="card-title-strong">{t('learner.myCerts')}</span>}
        data-testid="my-certs"
      >
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        {loading && !data ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : certs.length === 0 ? (
          <Empty description={t('learner.none')} />
        ) : (
          <div className="my-cert-grid">
            {certs.map((c) => (
              <CertificateCard key={c.id} c={c} onOpen={() => setOpen(c.id)} />
            ))}
          </div>
        )}
      </Card>
      <MyOtherCertificates />
      <MyApplications />
      <Card
        size="small"
        title={t('learner.verifyTitle')}
        style={{ marginTop: 12 }}
        extra={<VerifyLink testId="learner-verify" />}
      >
        <ul className="learner-tips">
          <li>{t('learner.tip1')}</li>
          <li>{t('learner.tip2')}</li>
          <li>{t('learner.tip3')}</li>
        </ul>
      </Card>
      <CertificateDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}
