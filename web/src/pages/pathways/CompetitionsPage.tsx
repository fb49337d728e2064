/**
 * 竞赛取证审批 (CERT-5), for the HRSS officials: the competitions of the institutions in their region
 * with their award rules; the department that filed the organiser (or its superior) approves the
 * rules before the contest date or rejects them with a reason. Below, the province's cap on award
 * rules per contest tier, which the province HRSS sets.
 */
import { useState } from 'react';
import { App, Button, Card, Empty, Form, InputNumber, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { CheckOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { api, type Competition, type CompetitionStatus, type CompetitionTier, type TierCap } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { useSubmit } from '../../components/useSubmit';
import { levelText } from '../institutions/InstitutionStatus';
import { COMPETITION_PARTICIPANTS_MAX } from '../../../../contract/limits.js';
import { capText, competitionColumns, RulesCell } from './CompetitionParts';
import { RuleHint } from './PathwayParts';

type Filter = CompetitionStatus | 'all';
const FILTERS: Filter[] = ['submitted', 'approved', 'rejected', 'all'];

function CapModal({ cap, onClose, onSaved }: { cap: TierCap | null; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(cap !== null, () => form.resetFields());
  const { message } = App.useApp();
  return (
    <Modal
      open={cap !== null}
      title={cap ? t('competition.capEditTitle', { tier: t(`tier.${cap.tier}`) }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'cap-save' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      {cap && (
        <Form
          form={form}
          layout="vertical"
          name="cap"
          initialValues={{ maxRank: cap.maxRank, maxPercent: cap.maxPercent, maxLevel: cap.maxLevel }}
          onFinish={async (v: { maxRank?: number | null; maxPercent?: number | null; maxLevel: number }) => {
            const ok = await run(async () => {
              await api.setCompetitionCap(cap.tier, {
                maxRank: v.maxRank ?? null,
                maxPercent: v.maxPercent ?? null,
                maxLevel: v.maxLevel,
              });
            });
            if (ok) {
              message.success(t('competition.capSaved', { tier: t(`tier.${cap.tier}`) }));
              onSaved();
              onClose();
            }
          }}
        >
          <div className="muted small" style={{ marginBottom: 8 }}>
            {t('competition.capEditHint')}
          </div>
          <div className="form-grid">
            <Form.Item name="maxRank" label={t('competition.capMaxRank')}>
              <InputNumber min={1} max={COMPETITION_PARTICIPANTS_MAX} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="maxPercent" label={t('competition.capMaxPercent')}>
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} addonAfter="%" />
            </Form.Item>
            <Form.Item name="maxLevel" label={t('competition.capMaxLevel')} rules={[{ required: true }]}>
              <Select options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelText(l, lang) }))} />
            </Form.Item>
          </div>
        </Form>
      )}
    </Modal>
  );
}

/** The province's caps per contest tier: read by every official, set by the province HRSS. */
function CapsCard() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { data, error, loading, reload } = useLoad(() => api.competitionCaps(), []);
  const [editing, setEditing] = useState<TierCap | null>(null);
  const editable = can(me.role, 'competition.cap.edit');
  return (
    <Card
      size="small"
      className="plan-card"
      title={t('competition.capsTitle')}
      style={{ marginTop: 16 }}
      data-testid="caps-card"
    >
      <div className="muted small" style={{ marginBottom: 8 }}>
        {t('competition.capsHint')}
      </div>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<TierCap>
        size="small"
        rowKey="tier"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="caps-table"
        columns={[
          {
            title: t('pathway.tier'),
            dataIndex: 'tier',
            width: 120,
            render: (v: CompetitionTier) => <Tag>{t(`tier.${v}`)}</Tag>,
          },
          { title: t('competition.capRule'), key: 'cap', render: (_: unknown, r) => capText(r, t, lang) },
          {
            title: t('competition.capMaxRank'),
            dataIndex: 'maxRank',
            width: 110,
            render: (v: number | null) => v ?? '—',
          },
          {
            title: t('competition.capMaxPercent'),
            dataIndex: 'maxPercent',
            width: 110,
            render: (v: number | null) => (v === null ? '—' : `${v}%`),
          },
          {
            title: t('competition.capMaxLevel'),
            dataIndex: 'maxLevel',
            width: 120,
            render: (v: number) => levelText(v, lang),
          },
          {
            title: t('competition.capUpdated'),
            key: 'updated',
            width: 220,
            render: (_: unknown, r) => (
              <span className="small">
                {formatDateTime(r.updatedAt)} {r.updatedByName ?? t('competition.capDefault')}
              </span>
            ),
          },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  width: 90,
                  render: (_: unknown, r: TierCap) => (
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      onClick={() => setEditing(r)}
                      data-testid={`cap-edit-${r.tier}`}
                    >
                      {t('competition.capEdit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CapModal cap={editing} onClose={() => setEditing(null)} onSaved={() => void reload()} />
    </Card>
  );
}

export default function CompetitionsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('submitted');
  const { data, error, loading, reload, setData } = useLoad(
    () => api.competitions(filter === 'all' ? {} : { status: filter }),
    [filter],
  );
  const [deciding, setDeciding] = useState<{ c: Competition; what: 'approve' | 'reject' } | null>(null);
  const replace = (c: Competition) => setData((list) => (list ?? []).map((x) => (x.id === c.id ? c : x)));
  return (
    <div>
      <PageHeader title={t('competition.pageTitle')} />
      <RuleHint rule="CERT-5">{t('competition.pageIntro')}</RuleHint>
      <Card
        size="small"
        className="plan-card"
        title={t('competition.approvals')}
        extra={
          <Radio.Group
            size="small"
            value={filter}
            onChange={(e) => setFilter(e.target.value as Filter)}
            optionType="button"
            options={FILTERS.map((f) => ({
              value: f,
              label: f === 'all' ? t('common.all') : t(`competition.status.${f}`),
            }))}
          />
        }
      >
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Competition>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={(data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 1300 }}
          data-testid="competition-approvals"
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('competition.empty')} />,
          }}
          columns={[
            { title: t('competition.institution'), dataIndex: 'institutionName', width: 180 },
            { title: t('pathway.competitionName'), dataIndex: 'name', width: 200 },
            ...competitionColumns(t, { tier: 100, occupation: 140 }),
            { title: t('competition.filedBy'), dataIndex: 'filedBy', width: 130 },
            {
              title: t('common.actions'),
              key: 'act',
              width: 170,
              fixed: 'right',
              render: (_: unknown, r) =>
                r.mayDecide ? (
                  <Space size={0}>
                    <Button
                      type="link"
                      size="small"
                      icon={<CheckOutlined />}
                      onClick={() => setDeciding({ c: r, what: 'approve' })}
                      data-testid="competition-approve"
                    >
                      {t('competition.approve')}
                    </Button>
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      onClick={() => setDeciding({ c: r, what: 'reject' })}
                      data-testid="competition-reject"
                    >
                      {t('competition.reject')}
                    </Button>
                  </Space>
                ) : r.status === 'submitted' ? (
                  <span className="muted small">{t('competition.notAuthority', { filedBy: r.filedBy })}</span>
                ) : null,
            },
          ]}
        />
      </Card>
      <CapsCard />
      <ReasonModal
        open={deciding !== null}
        optional={deciding?.what === 'approve'}
        title={
          deciding
            ? `${deciding.what === 'approve' ? t('competition.approve') : t('competition.reject')} · ${deciding.c.name}`
            : ''
        }
        okText={deciding?.what === 'approve' ? t('competition.approve') : t('competition.reject')}
        danger={deciding?.what === 'reject'}
        extra={
          deciding ? (
            <div className="warn-box">
              {t('competition.decideHint', {
                institution: deciding.c.institutionName,
                date: deciding.c.contestDate ?? '—',
              })}
              <div style={{ marginTop: 4 }}>
                <RulesCell rules={deciding.c.rules} />
              </div>
            </div>
          ) : null
        }
        onSubmit={async (v) => {
          const c = await api.decideCompetition(deciding!.c.id, {
            decision: deciding!.what,
            reason: v.reason || null,
          });
          replace(c);
          message.success(t(`competition.status.${c.status}`));
        }}
        onClose={() => setDeciding(null)}
      />
    </div>
  );
}
