/**
 * One certificate: what it carries, its history (issued, corrected, suspended, reinstated,
 * revoked — never deleted, CERT-12), the PDF, and the actions the role may take: 更正 by the
 * issuing institution (CERT-11), 暂停 / 恢复 / 撤销 by the institution and the HRSS departments.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Skeleton,
  Space,
  Timeline,
  Typography,
} from 'antd';
import {
  DownloadOutlined,
  EditOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { api, type CertificateDetail, type CertificateEvent } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can, isInstitutionRole } from '../../access';
import { formatDateTime, useI18n } from '../../i18n';
import { ErrorAlert, RuleTag } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { levelText } from '../institutions/InstitutionStatus';
import { CertStatusTag, pathwayLabel, plainDate } from '../plans/labels';
import '../plans/plans.css';
import { useSubmit } from '../../components/useSubmit';
import {
  PERSON_NAME_MAX_LENGTH,
  REASON_MIN_LENGTH,
  SHORT_REASON_MAX_LENGTH,
  WORK_TYPE_MAX_LENGTH,
} from '../../../../contract/limits.js';
import { IdNumber } from '../../components/IdNumber';
import { occupationWithWorkType } from '../../../../contract/certificate-wording.js';

type Action = 'suspend' | 'reinstate' | 'revoke';
const EVENT_COLOR: Record<string, string> = {
  issued: 'green',
  corrected: 'blue',
  suspended: 'orange',
  reinstated: 'green',
  revoked: 'red',
};

/** A correction's reason is stored as `理由｜{"before":…,"after":…}`. */
function parseCorrection(
  reason: string | null,
): { reason: string; changes: { field: string; before: unknown; after: unknown }[] } | null {
  if (!reason) return null;
  const i = reason.indexOf('｜');
  if (i < 0) return null;
  try {
    const j = JSON.parse(reason.slice(i + 1)) as { before: Record<string, unknown>; after: Record<string, unknown> };
    const changes = Object.keys(j.after ?? {})
      .filter((k) => j.before?.[k] !== j.after[k])
      .map((k) => ({ field: k, before: j.before?.[k], after: j.after[k] }));
    return { reason: reason.slice(0, i), changes };
  } catch {
    return null;
  }
}

export function CertificateHistory({ events }: { events: CertificateEvent[] }) {
  const { t } = useI18n();
  const known = (type: string) => type in EVENT_COLOR;
  return (
    <Timeline
      className="dense-timeline"
      data-testid="cert-history"
      items={events.map((e, i) => {
        const corr = e.type === 'corrected' ? parseCorrection(e.reason) : null;
        return {
          key: i,
          color: EVENT_COLOR[e.type] ?? 'gray',
          content: (
            <div className="tl-item">
              <div className="tl-head">
                <b>{known(e.type) ? t(`certEvent.${e.type as 'issued'}`) : e.type}</b>
                {e.statusBefore && e.statusAfter && e.statusBefore !== e.statusAfter && (
                  <span className="muted small">
                    {t(`certStatus.${e.statusBefore as 'valid'}`)} → {t(`certStatus.${e.statusAfter as 'valid'}`)}
                  </span>
                )}
                <span className="tl-time">{formatDateTime(e.at)}</span>
              </div>
              {corr ? (
                <>
                  <div className="tl-reason">{corr.reason}</div>
                  {corr.changes.map((c) => (
                    <div key={c.field} className="tl-meta">
                      {t(`certField.${c.field as 'holderName'}`)}：<del>{String(c.before ?? '—')}</del> →{' '}
                      <b>{String(c.after ?? '—')}</b>
                    </div>
                  ))}
                </>
              ) : (
                e.reason && <div className="tl-reason">{e.reason}</div>
              )}
              {e.actorName && <div className="tl-meta">{t('cert.actor', { name: e.actorName })}</div>}
            </div>
          ),
        };
      })}
    />
  );
}

function CorrectionModal({
  cert,
  open,
  onClose,
  onDone,
}: {
  cert: CertificateDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ holderName: string; workType?: string; reason: string }>();
  const { busy, error, run } = useSubmit(open, () =>
    form.setFieldsValue({ holderName: cert.holderName, workType: cert.workType ?? '', reason: '' }),
  );
  const finish = async (v: { holderName: string; workType?: string; reason: string }) => {
    await run(async () => {
      const body: { holderName?: string; workType?: string | null; reason: string } = { reason: v.reason.trim() };
      if (v.holderName.trim() !== cert.holderName) body.holderName = v.holderName.trim();
      const wt = v.workType?.trim() || null;
      if (wt !== cert.workType) body.workType = wt;
      await api.correctCertificate(cert.id, body);
      onDone();
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={t('cert.correctTitle', { number: cert.number })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'cert-correct-ok' } as never}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <span>
            <RuleTag rule="CERT-11" />
            {t('cert.correctHint')}
          </span>
        }
      />
      <ErrorAlert error={error} testId="cert-correct-error" />
      <Form form={form} layout="vertical" name="cert-correct" onFinish={finish}>
        <Form.Item name="holderName" label={t('cert.holder')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={PERSON_NAME_MAX_LENGTH} />
        </Form.Item>
        <Form.Item name="workType" label={t('cert.workType')} extra={t('cert.workTypeHint')}>
          <Input maxLength={WORK_TYPE_MAX_LENGTH} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reason.label')}
          rules={[{ required: true, whitespace: true, min: REASON_MIN_LENGTH, message: t('reason.min') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={SHORT_REASON_MAX_LENGTH}
            showCount
            placeholder={t('cert.correctReasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CertificateDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: number | null;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [cert, setCert] = useState<CertificateDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [action, setAction] = useState<Action | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [downloading, setDownloading] = useState(false);
  useEffect(() => {
    if (id === null) return;
    let alive = true;
    setError(null);
    api.certificate(id).then(
      (c) => alive && setCert(c),
      (e) => alive && setError(e),
    );
    return () => {
      alive = false;
    };
  }, [id, tick]);
  const c = cert && cert.id === id ? cert : null;
  const issuer = !!c && me.scope.institutionId === c.institutionId;
  const sanction = !!c && can(me.role, 'certificate.revoke') && (!isInstitutionRole(me.role) || issuer);
  const correct = !!c && can(me.role, 'certificate.correct') && issuer && c.status !== 'revoked';
  const changed = () => {
    setTick((n) => n + 1);
    onChanged?.();
  };
  const pdf = async () => {
    if (!c) return;
    setDownloading(true);
    try {
      await api.certificatePdf(c.id, c.number);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setDownloading(false);
    }
  };
  const actionTitle: Record<Action, string> = {
    suspend: t('cert.suspend'),
    reinstate: t('cert.reinstate'),
    revoke: t('cert.revoke'),
  };

  return (
    <Drawer
      open={id !== null}
      width={720}
      onClose={onClose}
      destroyOnHidden
      data-testid="cert-drawer"
      title={
        c ? (
          <Space>
            <span>{t('cert.detail')}</span>
            <CertStatusTag status={c.status} />
          </Space>
        ) : (
          t('cert.detail')
        )
      }
      extra={
        c && (
          <Space wrap>
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              loading={downloading}
              onClick={pdf}
              data-testid="cert-pdf"
            >
              {t('cert.downloadPdf')}
            </Button>
            {correct && (
              <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)} data-testid="cert-correct">
                {t('cert.correct')}
              </Button>
            )}
            {sanction && c.status === 'valid' && (
              <Button icon={<PauseCircleOutlined />} onClick={() => setAction('suspend')} data-testid="cert-suspend">
                {t('cert.suspend')}
              </Button>
            )}
            {sanction && c.status === 'suspended' && (
              <Button icon={<PlayCircleOutlined />} onClick={() => setAction('reinstate')} data-testid="cert-reinstate">
                {t('cert.reinstate')}
              </Button>
            )}
            {sanction && c.status !== 'revoked' && (
              <Button danger icon={<StopOutlined />} onClick={() => setAction('revoke')} data-testid="cert-revoke">
                {t('cert.revoke')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <ErrorAlert error={error} />
      {!c && !error && <Skeleton active paragraph={{ rows: 8 }} />}
      {c && (
        <div data-testid="cert-detail">
          {c.status === 'revoked' && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('cert.revokedHint')} />
          )}
          {c.status === 'suspended' && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('cert.suspendedHint')} />
          )}
          <div className="cert-number-box">
            <span className="muted">{t('cert.number')}</span>
            <Typography.Text copyable className="mono cert-number" data-testid="cert-number">
              {c.number}
            </Typography.Text>
          </div>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'holder', label: t('cert.holder'), children: <b>{c.holderName}</b> },
              { key: 'idType', label: t('cert.idType'), children: t(`idType.${c.holderIdType as 'resident_id'}`) },
              {
                key: 'id',
                label: t('cert.idNumber'),
                span: 2,
                children: <IdNumber masked={c.holderIdNumber} kind="certificates" id={c.id} />,
              },
              {
                key: 'occ',
                label: t('cert.occupation'),
                span: 2,
                children: (
                  <span>
                    {occupationWithWorkType(c.occupationName, c.workType)}{' '}
                    <span className="muted mono">{c.occupationCode}</span>
                  </span>
                ),
              },
              {
                key: 'level',
                label: t('cert.level'),
                children: lang === 'zh' ? c.levelLabel : levelText(c.level, lang),
              },
              { key: 'pathway', label: t('cert.pathway'), children: pathwayLabel(t, c.pathway) },
              {
                key: 'inst',
                label: t('cert.institution'),
                span: 2,
                children: (
                  <span>
                    {c.institutionName} <span className="muted mono">{c.filingNo}</span>
                  </span>
                ),
              },
              { key: 'issued', label: t('cert.issuedOn'), children: plainDate(c.issuedOn) },
              { key: 'status', label: t('common.status'), children: <CertStatusTag status={c.status} /> },
            ]}
          />
          <div className="section-title">{t('cert.history')}</div>
          <CertificateHistory events={c.history} />
        </div>
      )}
      {c && (
        <>
          <ReasonModal
            open={action !== null}
            title={action ? `${actionTitle[action]} · ${c.number}` : ''}
            okText={action ? actionTitle[action] : undefined}
            danger={action === 'revoke'}
            extra={
              action === 'revoke' ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={
                    <span>
                      <RuleTag rule="CERT-12" />
                      {t('cert.revokeWarning')}
                    </span>
                  }
                />
              ) : action === 'suspend' ? (
                <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('cert.suspendHint')} />
              ) : null
            }
            onSubmit={async (v) => {
              const r = await api.certificateStatus(c.id, action!, v.reason);
              message.success(
                t('cert.statusDone', { number: r.number, status: t(`certStatus.${r.status as 'valid'}`) }),
              );
              changed();
            }}
            onClose={() => setAction(null)}
          />
          <CorrectionModal
            cert={c}
            open={correcting}
            onClose={() => setCorrecting(false)}
            onDone={() => {
              message.success(t('cert.corrected'));
              changed();
            }}
          />
        </>
      )}
    </Drawer>
  );
}
