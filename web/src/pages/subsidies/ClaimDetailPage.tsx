/**
 * 补贴申领详情: the claim with its stage, deadline and lateness (SUB-2), publicity (SUB-3), payment
 * to the masked account, reversals and the money recovered (SUB-4), its lines and its history.
 * The buttons are the steps the server says the caller's party may take now.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CloudDownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type ClaimDetail, type ClaimLine, type Reversal } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDateTime, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, errorContent } from '../../components/ApiErrorView';
import { FormModal } from '../../components/FormModal';
import { ReasonModal } from '../../components/ReasonModal';
import { useSubmit } from '../../components/useSubmit';
import { levelText } from '../institutions/InstitutionStatus';
import { plainDate } from '../plans/labels';
import { BANK_ACCOUNT_PATTERN, ORGANISATION_NAME_MAX_LENGTH } from '../../../../contract/limits.js';
import {
  LINE_STATUSES,
  type ClaimStep,
  type FundSource,
  type LineStatus,
} from '../../../../contract/subsidy-workflow.js';
import { ClaimStatusTag, DueCell, fundSourceText, lineStatusText, lineColumns, stepText, yuanText } from './labels';
import '../plans/plans.css';

type Dialog = null | 'submit' | 'finance_approve' | 'pay' | 'recover' | ClaimStep;
const REASON_STEPS: ClaimStep[] = ['return', 'reject', 'refuse', 'reverse'];

function SubmitModal({
  claim,
  open,
  onClose,
  onDone,
}: {
  claim: ClaimDetail;
  open: boolean;
  onClose: () => void;
  onDone: (c: ClaimDetail) => void;
}) {
  const { t } = useI18n();
  return (
    <FormModal
      open={open}
      title={t('sub.submitTitle')}
      okText={t('sub.step.submit')}
      testId="submit-ok"
      name="payee"
      intro={
        <div className="muted small" style={{ marginBottom: 8 }}>
          {t('sub.submitHint', { n: formatNumber(claim.lineCount), amount: yuanText(claim.amountFen) })}
        </div>
      }
      initialValues={{ payeeName: claim.payeeName ?? claim.institutionName, payeeBank: claim.payeeBank ?? '' }}
      submit={(v: { payeeName: string; payeeBank: string; payeeAccount: string }) =>
        api.submitClaim(claim.id, { ...v, payeeAccount: v.payeeAccount.replace(/\s+/g, '') })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item name="payeeName" label={t('sub.payeeName')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={ORGANISATION_NAME_MAX_LENGTH} data-testid="payee-name" />
      </Form.Item>
      <Form.Item name="payeeBank" label={t('sub.payeeBank')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={ORGANISATION_NAME_MAX_LENGTH} data-testid="payee-bank" />
      </Form.Item>
      <Form.Item
        name="payeeAccount"
        label={t('sub.payeeAccount')}
        extra={t('sub.payeeAccountHint')}
        rules={[
          { required: true },
          {
            pattern: new RegExp(BANK_ACCOUNT_PATTERN.replace('^', '^\\s*').replace('$', '\\s*$')),
            transform: (v: string) => v?.replace(/\s+/g, ''),
            message: t('sub.payeeAccountInvalid'),
          },
        ]}
      >
        <Input inputMode="numeric" autoComplete="off" data-testid="payee-account" />
      </Form.Item>
    </FormModal>
  );
}

function FinanceApproveModal({
  claim,
  open,
  onClose,
  onDone,
}: {
  claim: ClaimDetail;
  open: boolean;
  onClose: () => void;
  onDone: (c: ClaimDetail) => void;
}) {
  const { t } = useI18n();
  const [source, setSource] = useState<FundSource>('special_account');
  const { busy, error, run } = useSubmit(open, () => setSource('special_account'));
  return (
    <Modal
      open={open}
      title={t('sub.financeApproveTitle')}
      okText={t('sub.step.finance_approve')}
      cancelText={t('common.cancel')}
      onOk={async () => {
        let c: ClaimDetail | null = null;
        if (
          await run(async () => (c = await api.financeClaim(claim.id, { step: 'finance_approve', fundSource: source })))
        ) {
          onDone(c!);
          onClose();
        }
      }}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'finance-approve-ok' } as never}
      destroyOnHidden
    >
      <div className="muted small" style={{ marginBottom: 8 }}>
        {t('sub.financeApproveHint', { amount: yuanText(claim.amountFen), region: claim.fundRegionName })}
      </div>
      <ErrorAlert error={error} />
      <Radio.Group value={source} onChange={(e) => setSource(e.target.value as FundSource)} data-testid="fund-source">
        <Space direction="vertical">
          <Radio value="special_account">{t('sub.fund.special')}</Radio>
          <Radio value="employment_fund">{t('sub.fund.employment')}</Radio>
        </Space>
      </Radio.Group>
    </Modal>
  );
}

function PayModal({
  claim,
  open,
  onClose,
  onDone,
}: {
  claim: ClaimDetail;
  open: boolean;
  onClose: () => void;
  onDone: (c: ClaimDetail) => void;
}) {
  const { t } = useI18n();
  return (
    <FormModal
      open={open}
      title={t('sub.payTitle')}
      okText={t('sub.step.pay')}
      testId="pay-ok"
      name="pay"
      intro={
        <div className="warn-box" style={{ marginBottom: 12 }}>
          {t('sub.payHint', {
            amount: yuanText(claim.amountFen),
            payee: claim.payeeName ?? '',
            bank: claim.payeeBank ?? '',
            account: claim.payeeAccountMasked ?? '',
          })}
        </div>
      }
      submit={(v: { voucherNo: string }) => api.financeClaim(claim.id, { step: 'pay', voucherNo: v.voucherNo.trim() })}
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item name="voucherNo" label={t('sub.voucherNo')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={60} data-testid="pay-voucher" />
      </Form.Item>
    </FormModal>
  );
}

function RecoveryModal({
  reversal,
  onClose,
  onDone,
}: {
  reversal: Reversal | null;
  onClose: () => void;
  onDone: (c: ClaimDetail) => void;
}) {
  const { t } = useI18n();
  const left = reversal ? reversal.amountFen - reversal.recoveredFen : 0;
  return (
    <FormModal
      open={reversal !== null}
      title={t('sub.recoverTitle')}
      okText={t('common.save')}
      testId="recover-ok"
      name="recover"
      intro={
        <div className="muted small" style={{ marginBottom: 8 }}>
          {t('sub.recoverHint', { left: yuanText(left) })}
        </div>
      }
      initialValues={{ yuan: left / 100, receivedOn: dayjs() }}
      submit={(v: { yuan: number; receivedOn: Dayjs; note?: string }) =>
        api.recordRecovery(reversal!.id, {
          amountFen: Math.round(v.yuan * 100),
          receivedOn: v.receivedOn.format('YYYY-MM-DD'),
          note: v.note?.trim() || null,
        })
      }
      onDone={onDone}
      onClose={onClose}
    >
      <Form.Item name="yuan" label={t('sub.recoverAmount')} rules={[{ required: true }]}>
        <InputNumber min={0.01} max={left / 100} precision={2} style={{ width: '100%' }} addonBefore="¥" />
      </Form.Item>
      <Form.Item name="receivedOn" label={t('sub.receivedOn')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="note" label={t('sub.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormModal>
  );
}

function LinesCard({
  claim,
  selectable,
  selected,
  onSelect,
}: {
  claim: ClaimDetail;
  selectable: boolean;
  selected: number[];
  onSelect: (ids: number[]) => void;
}) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<{ status?: LineStatus; page: number; pageSize: number }>({
    page: 1,
    pageSize: 20,
  });
  const { data, error, loading, reload } = useLoad(
    () => api.claimLines(claim.id, filter),
    // a step changes the lines' states: reload after each one (two steps may share a timestamp)
    [claim.id, claim.status, claim.updatedAt, claim.history.length, filter],
  );
  return (
    <Card
      size="small"
      className="plan-card"
      title={t('sub.linesTitle', { n: formatNumber(data?.total ?? 0) })}
      extra={
        <Select
          allowClear
          size="small"
          style={{ width: 170 }}
          placeholder={t('common.status')}
          value={filter.status}
          onChange={(v) => setFilter({ status: v, page: 1, pageSize: filter.pageSize })}
          options={(Object.keys(LINE_STATUSES) as LineStatus[]).map((s) => ({
            value: s,
            label: lineStatusText(s, lang),
          }))}
          data-testid="lines-status-filter"
        />
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<ClaimLine>
        size="small"
        rowKey={(r) => String(r.id)}
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 1300 }}
        data-testid="claim-lines"
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected.map(String),
                getCheckboxProps: (r) => ({ disabled: r.status !== 'paid' }),
                onChange: (keys) => onSelect(keys.map(Number)),
              }
            : undefined
        }
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { n: formatNumber(n) }),
          onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
        }}
        columns={[{ title: '#', dataIndex: 'id', width: 70 }, ...lineColumns(t, lang, true)]}
      />
    </Card>
  );
}

function ReversalsCard({ claim, onRecover }: { claim: ClaimDetail; onRecover: (r: Reversal) => void }) {
  const me = useMe();
  const { t } = useI18n();
  if (!claim.reversals.length) return null;
  return (
    <Card size="small" className="plan-card" title={t('sub.reversalsTitle')} data-testid="claim-reversals">
      {claim.reversals.map((r) => (
        <div key={r.id} style={{ marginBottom: 12 }}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'reason', label: t('sub.reversalReason'), children: r.reason, span: 3 },
              {
                key: 'amount',
                label: t('sub.reversed'),
                children: t('sub.reversedLines', { n: formatNumber(r.lineCount), amount: yuanText(r.amountFen) }),
              },
              {
                key: 'rec',
                label: t('sub.recovered'),
                children: (
                  <span className={r.status === 'recovered' ? undefined : 'err-text'} data-testid="reversal-recovered">
                    {yuanText(r.recoveredFen)} / {yuanText(r.amountFen)}{' '}
                    {r.status === 'recovered' ? t('sub.recoveredAll') : t('sub.recovering')}
                  </span>
                ),
              },
              {
                key: 'by',
                label: t('sub.reversedBy'),
                children: `${r.createdByName ?? ''} ${formatDateTime(r.createdAt)}`,
              },
            ]}
          />
          {r.recoveries.length > 0 && (
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.recoveries}
              columns={[
                { title: t('sub.receivedOn'), dataIndex: 'receivedOn', width: 120 },
                {
                  title: t('sub.recoverAmount'),
                  dataIndex: 'amountFen',
                  width: 120,
                  render: (v: number) => yuanText(v),
                },
                { title: t('sub.note'), dataIndex: 'note' },
                { title: t('sub.recordedBy'), dataIndex: 'recordedByName', width: 120 },
              ]}
            />
          )}
          {r.status === 'recovering' && can(me.role, 'subsidy.recover') && (
            <Button size="small" style={{ marginTop: 8 }} onClick={() => onRecover(r)} data-testid="recover-open">
              {t('sub.recoverTitle')}
            </Button>
          )}
        </div>
      ))}
    </Card>
  );
}

export default function ClaimDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { data: claim, error, loading, reload, setData } = useLoad(() => api.claim(id), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [recovering, setRecovering] = useState<Reversal | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState<ClaimStep | null>(null);
  const done = (c: ClaimDetail, step?: ClaimStep) => {
    setData(c);
    setSelected([]);
    if (step) message.success(t('sub.stepDone', { step: stepText(step, lang) }));
  };
  const quick = async (step: 'accept' | 'approve' | 'withdraw') => {
    setBusy(step);
    try {
      const c = step === 'withdraw' ? await api.withdrawClaim(id) : await api.reviewClaim(id, { step });
      done(c, step);
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setBusy(null);
    }
  };
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!claim) return <Card loading={loading} />;
  const steps = claim.steps;
  const stepButton = (step: ClaimStep) => {
    const danger = ['return', 'reject', 'refuse', 'reverse', 'withdraw'].includes(step);
    const primary = ['submit', 'accept', 'approve', 'finance_approve', 'pay'].includes(step);
    if (step === 'accept' || step === 'approve' || step === 'withdraw')
      return (
        <Popconfirm
          key={step}
          title={t(`sub.confirm.${step}`)}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => quick(step)}
        >
          <Button
            type={primary ? 'primary' : 'default'}
            danger={danger}
            loading={busy === step}
            data-testid={`step-${step}`}
          >
            {t(`sub.step.${step}`)}
          </Button>
        </Popconfirm>
      );
    return (
      <Button
        key={step}
        type={primary ? 'primary' : 'default'}
        danger={danger}
        onClick={() => setDialog(step)}
        data-testid={`step-${step}`}
      >
        {step === 'reverse' && selected.length
          ? t('sub.reverseSelected', { n: selected.length })
          : t(`sub.step.${step}`)}
      </Button>
    );
  };
  const publicityRunning = claim.status === 'publicity' && claim.financeOpensOn !== null;
  return (
    <div data-testid="claim-detail">
      <PageHeader
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/subsidies')} />
            <span>{claim.title}</span>
            <ClaimStatusTag status={claim.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button
              icon={<CloudDownloadOutlined />}
              onClick={() => api.exportClaims({ q: claim.title }).catch((e) => message.error(errorContent(e)))}
            >
              {t('sub.export')}
            </Button>
            {steps.map(stepButton)}
          </Space>
        }
      />
      {claim.status === 'returned' && claim.lastReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sub.returnedBecause', { reason: claim.lastReason })}
        />
      )}
      {claim.status === 'rejected' && claim.lastReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sub.rejectedBecause', { reason: claim.lastReason })}
        />
      )}
      {publicityRunning && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="claim-publicity"
          title={t('sub.publicityHint', {
            from: plainDate(claim.publicityFrom),
            until: plainDate(claim.publicityUntil),
            opens: plainDate(claim.financeOpensOn),
          })}
        />
      )}
      {claim.revokedPaidLines > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sub.revokedPaid', { n: claim.revokedPaidLines })}
        />
      )}
      {claim.calendarWarning && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={claim.calendarWarning} />
      )}
      <Row gutter={12}>
        <Col xs={24} xl={16}>
          <Card size="small" className="plan-card">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'inst', label: t('sub.institution'), children: claim.institutionName },
                { key: 'fund', label: t('sub.fundRegion'), children: claim.fundRegionName },
                ...(claim.placeName
                  ? [
                      {
                        key: 'place',
                        label: t('sub.place'),
                        children: (
                          <span data-testid="claim-place">
                            {claim.placeName}
                            <Typography.Text type="secondary">（{t('sub.placeReviews')}）</Typography.Text>
                          </span>
                        ),
                      },
                    ]
                  : []),
                {
                  key: 'amount',
                  label: t('sub.amount'),
                  children: (
                    <b data-testid="claim-amount">
                      {yuanText(claim.amountFen)}（{t('sub.linesCount', { n: formatNumber(claim.lineCount) })}）
                    </b>
                  ),
                },
                { key: 'submitted', label: t('sub.submittedOn'), children: plainDate(claim.submittedOn) },
                {
                  key: 'due',
                  label: claim.stage ? t(`sub.stage.${claim.stage}`) : t('sub.dueOn'),
                  children: <DueCell c={claim} />,
                },
                {
                  key: 'pub',
                  label: t('sub.publicity'),
                  children: claim.publicityFrom
                    ? `${plainDate(claim.publicityFrom)} ~ ${plainDate(claim.publicityUntil)}`
                    : '—',
                },
                {
                  key: 'payee',
                  label: t('sub.payee'),
                  children: claim.payeeName ? (
                    <span data-testid="claim-payee">
                      {claim.payeeName} · {claim.payeeBank} · <span className="mono">{claim.payeeAccountMasked}</span>
                    </span>
                  ) : (
                    '—'
                  ),
                },
                {
                  key: 'source',
                  label: t('sub.fundSource'),
                  children: claim.fundSource ? `${fundSourceText(claim.fundSource, t)}（${claim.fundYear}）` : '—',
                },
              ]}
            />
          </Card>
          {claim.payment && (
            <Card size="small" className="plan-card" title={t('sub.paymentTitle')} data-testid="claim-payment">
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'amount', label: t('sub.amount'), children: yuanText(claim.payment.amountFen) },
                  { key: 'on', label: t('sub.paidOn'), children: plainDate(claim.payment.paidOn) },
                  { key: 'voucher', label: t('sub.voucherNo'), children: claim.payment.voucherNo },
                  {
                    key: 'account',
                    label: t('sub.payeeAccount'),
                    children: (
                      <span className="mono" data-testid="payment-account">
                        {claim.payment.bankName} {claim.payment.bankAccountMasked}
                      </span>
                    ),
                  },
                  { key: 'source', label: t('sub.fundSource'), children: fundSourceText(claim.payment.fundSource, t) },
                  { key: 'by', label: t('sub.paidBy'), children: claim.payment.paidByName ?? '—' },
                ]}
              />
            </Card>
          )}
          <ReversalsCard claim={claim} onRecover={setRecovering} />
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" className="plan-card" title={t('sub.byLevel')}>
            <Table
              size="small"
              rowKey="level"
              pagination={false}
              dataSource={claim.byLevel}
              columns={[
                {
                  title: t('sub.level'),
                  dataIndex: 'level',
                  render: (v: number) =>
                    claim.kind === 'training' && v === 0 ? t('sub.tc.completionLevel') : levelText(v, lang),
                },
                { title: t('sub.lines'), dataIndex: 'count', align: 'right', render: (v: number) => formatNumber(v) },
                { title: t('sub.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => yuanText(v) },
              ]}
            />
          </Card>
          <Card size="small" className="plan-card" title={t('sub.history')}>
            <Timeline
              data-testid="claim-history"
              items={claim.history.map((h) => ({
                key: h.at + h.step,
                children: (
                  <div className="small">
                    <b>{t(`sub.histStep.${h.step as 'create'}`)}</b> {h.onDate} · {h.actorName}
                    {h.reason && (
                      <div>
                        {t('sub.reasonLabel')}：{h.reason}
                      </div>
                    )}
                    {h.detail && <div className="muted">{h.detail}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <LinesCard claim={claim} selectable={steps.includes('reverse')} selected={selected} onSelect={setSelected} />
      <SubmitModal
        claim={claim}
        open={dialog === 'submit'}
        onClose={() => setDialog(null)}
        onDone={(c) => done(c, 'submit')}
      />
      <FinanceApproveModal
        claim={claim}
        open={dialog === 'finance_approve'}
        onClose={() => setDialog(null)}
        onDone={(c) => done(c, 'finance_approve')}
      />
      <PayModal claim={claim} open={dialog === 'pay'} onClose={() => setDialog(null)} onDone={(c) => done(c, 'pay')} />
      <RecoveryModal reversal={recovering} onClose={() => setRecovering(null)} onDone={(c) => done(c)} />
      <ReasonModal
        open={dialog !== null && REASON_STEPS.includes(dialog as ClaimStep)}
        title={
          dialog && REASON_STEPS.includes(dialog as ClaimStep)
            ? `${t(`sub.step.${dialog as 'return'}`)} · ${claim.title}`
            : ''
        }
        okText={dialog && REASON_STEPS.includes(dialog as ClaimStep) ? t(`sub.step.${dialog as 'return'}`) : undefined}
        danger
        extra={
          dialog === 'reverse' ? (
            <div className="warn-box" style={{ marginBottom: 8 }}>
              {selected.length ? t('sub.reverseSelectedHint', { n: selected.length }) : t('sub.reverseAllHint')}
            </div>
          ) : null
        }
        onSubmit={async (v) => {
          const step = dialog as ClaimStep;
          const c =
            step === 'return' || step === 'reject'
              ? await api.reviewClaim(id, { step, reason: v.reason })
              : step === 'refuse'
                ? await api.financeClaim(id, { step: 'refuse', reason: v.reason })
                : await api.reverseClaim(id, { reason: v.reason, ...(selected.length ? { lineIds: selected } : {}) });
          done(c, step);
        }}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}
