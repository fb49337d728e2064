/**
 * 评价规范 (INST-7): where no national occupational skill standard exists, an institution writes
 * an evaluation specification; the province HRSS records at least 5 agreeing expert reviews and
 * files it. Certification against an unfiled specification is refused.
 */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Drawer, Empty, Form, Input, Modal, Progress, Space, Table, Tag } from 'antd';
import { AuditOutlined, CheckOutlined, PlusOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { LEVELS } from '../../../../contract/levels.js';
import { MIN_SPEC_EXPERT_REVIEWS } from '../../../../contract/institutions.js';
import { api, type Spec } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { OccupationSelect } from '../../components/OccupationSelect';
import { ExpertOpinionFields } from '../../components/ExpertSelect';
import { ErrorAlert, errorContent } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { LevelTags } from '../institutions/InstitutionStatus';
import { useSubmit } from '../../components/useSubmit';
import { SPEC_TITLE_MAX_LENGTH, SPEC_TITLE_MIN_LENGTH } from '../../../../contract/limits.js';

const SPEC_STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  under_review: 'processing',
  filed: 'green',
  rejected: 'red',
};

function CreateSpecModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (s: Spec) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ occupationId: number; title: string; levels: number[] }>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  return (
    <Modal
      open={open}
      title={t('spec.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="spec"
        onFinish={async (v) => {
          await run(async () => {
            onDone(await api.createSpec({ occupationId: v.occupationId, title: v.title.trim(), levels: v.levels }));
          });
        }}
      >
        <Form.Item
          name="occupationId"
          label={t('spec.occupation')}
          rules={[{ required: true, message: t('filing.occupationRequired') }]}
          extra={t('spec.occupationHint')}
        >
          <OccupationSelect />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('spec.titleField')}
          rules={[{ required: true, whitespace: true, min: SPEC_TITLE_MIN_LENGTH, message: t('spec.titleRequired') }]}
        >
          <Input maxLength={SPEC_TITLE_MAX_LENGTH} placeholder={t('spec.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="levels"
          label={t('spec.levels')}
          rules={[{ required: true, type: 'array', min: 1, message: t('filing.levelRequired') }]}
        >
          <Checkbox.Group
            options={LEVELS.map((l) => ({ value: l.digit, label: lang === 'zh' ? `${l.name}/${l.title}` : l.nameEn }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReviewModal({ spec, onClose, onDone }: { spec: Spec | null; onClose: () => void; onDone: (s: Spec) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ expertId: number; opinion: 'agree' | 'disagree'; comment?: string }>();
  const { busy, error, run } = useSubmit(spec !== null, () => form.resetFields());
  return (
    <Modal
      open={spec !== null}
      title={spec ? `${t('spec.review')} · ${spec.title}` : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name="spec-review"
        initialValues={{ opinion: 'agree' }}
        onFinish={async (v) => {
          await run(async () => {
            onDone(
              await api.reviewSpec(spec!.id, {
                expertId: v.expertId,
                opinion: v.opinion,
                comment: v.comment?.trim() || null,
              }),
            );
            onClose();
          });
        }}
      >
        <ExpertOpinionFields avoidInstitutionId={spec?.institutionId} />
      </Form>
    </Modal>
  );
}

function SpecDetail({ spec }: { spec: Spec }) {
  const { t } = useI18n();
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={SPEC_STATUS_COLOR[spec.status]}>{spec.statusLabel}</Tag>
        <span>{spec.institutionName}</span>
        <span className="muted">
          {spec.occupationName} <span className="mono">{spec.occupationCode}</span>
        </span>
      </Space>
      <div style={{ marginBottom: 8 }}>
        <LevelTags levels={spec.levels} />
      </div>
      {spec.hasNationalStandard && <div className="warn-box">{t('spec.hasNational')}</div>}
      <h4 className="section-title">
        {t('spec.reviews', { n: spec.agreeingReviews, required: spec.requiredReviews })}
      </h4>
      {spec.reviews.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('spec.noReviews')} />
      ) : (
        <Table
          size="small"
          rowKey={(r) => `${r.expertId}-${r.at}`}
          pagination={false}
          dataSource={spec.reviews}
          columns={[
            {
              title: t('expert.label'),
              dataIndex: 'expertName',
              render: (v: string, r) => (
                <span>
                  {v} {!r.expertActive && <Tag color="red">{t('staff.disqualified')}</Tag>}
                </span>
              ),
            },
            {
              title: t('opinion.label'),
              dataIndex: 'opinion',
              width: 90,
              render: (v: string) => (
                <Tag color={v === 'agree' ? 'green' : 'red'}>
                  {v === 'agree' ? t('opinion.agree') : t('opinion.disagree')}
                </Tag>
              ),
            },
            { title: t('opinion.comment'), dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
            { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
          ]}
        />
      )}
    </div>
  );
}

export default function SpecsPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload, setData } = useLoad(() => api.specs(), []);
  const [creating, setCreating] = useState(false);
  const [reviewing, setReviewing] = useState<Spec | null>(null);
  const [deciding, setDeciding] = useState<{ spec: Spec; what: 'file' | 'reject' } | null>(null);
  const [viewing, setViewing] = useState<Spec | null>(null);
  const applicant = can(me.role, 'spec.apply');
  const reviewer = can(me.role, 'spec.review');
  const replace = (s: Spec) => {
    setData((list) => (list ?? []).map((x) => (x.id === s.id ? s : x)));
    if (viewing?.id === s.id) setViewing(s);
  };
  const submit = async (s: Spec) => {
    try {
      replace(await api.submitSpec(s.id));
      message.success(t('spec.submitted'));
    } catch (e) {
      message.error(errorContent(e));
    }
  };

  return (
    <div>
      <PageHeader
        title={t('spec.title')}
        extra={
          applicant && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('spec.create')}
            </Button>
          )
        }
      />
      <div className="muted" style={{ marginBottom: 10 }}>
        {t('spec.intro', { n: MIN_SPEC_EXPERT_REVIEWS })}
      </div>
      <Card size="small">
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Spec>
          data-testid="spec-table"
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('spec.empty')} /> }}
          onRow={(r) => ({ onClick: () => setViewing(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('spec.titleField'), dataIndex: 'title', width: 260 },
            ...(applicant ? [] : [{ title: t('inst.name'), dataIndex: 'institutionName', width: 200 }]),
            {
              title: t('spec.occupation'),
              dataIndex: 'occupationName',
              width: 170,
              render: (v: string, r: Spec) => `${v}（${r.occupationCode}）`,
            },
            {
              title: t('spec.levels'),
              dataIndex: 'levels',
              width: 200,
              render: (v: number[]) => <LevelTags levels={v} />,
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 90,
              render: (v: string, r) => <Tag color={SPEC_STATUS_COLOR[v]}>{r.statusLabel}</Tag>,
            },
            {
              title: t('spec.agreeing'),
              dataIndex: 'agreeingReviews',
              width: 150,
              render: (v: number, r) => (
                <Progress
                  size="small"
                  percent={Math.min(100, (v / r.requiredReviews) * 100)}
                  format={() => `${v}/${r.requiredReviews}`}
                  status={v >= r.requiredReviews ? 'success' : 'normal'}
                />
              ),
            },
            {
              title: t('spec.filedAt'),
              dataIndex: 'filedAt',
              width: 160,
              render: (v: string | null) => formatDateTime(v),
            },
            {
              title: t('common.actions'),
              width: 230,
              render: (_: unknown, r) => (
                <Space size={0} onClick={(e) => e.stopPropagation()}>
                  {applicant && r.status === 'draft' && (
                    <Button type="link" size="small" icon={<SendOutlined />} onClick={() => submit(r)}>
                      {t('filing.submit')}
                    </Button>
                  )}
                  {reviewer && r.status === 'under_review' && (
                    <>
                      <Button type="link" size="small" icon={<AuditOutlined />} onClick={() => setReviewing(r)}>
                        {t('spec.review')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        icon={<CheckOutlined />}
                        onClick={() => setDeciding({ spec: r, what: 'file' })}
                      >
                        {t('filing.file')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        danger
                        icon={<StopOutlined />}
                        onClick={() => setDeciding({ spec: r, what: 'reject' })}
                      >
                        {t('filing.reject')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Drawer
        open={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing?.title}
        size={640}
        destroyOnHidden
      >
        {viewing && <SpecDetail spec={viewing} />}
      </Drawer>
      <CreateSpecModal
        open={creating}
        onClose={() => setCreating(false)}
        onDone={(s) => {
          setCreating(false);
          setData((list) => [s, ...(list ?? [])]);
          message.success(t('common.created'));
        }}
      />
      <ReviewModal
        spec={reviewing}
        onClose={() => setReviewing(null)}
        onDone={(s) => {
          replace(s);
          message.success(t('common.saved'));
        }}
      />
      <ReasonModal
        open={deciding !== null}
        optional
        title={
          deciding ? `${deciding.what === 'file' ? t('filing.file') : t('filing.reject')} · ${deciding.spec.title}` : ''
        }
        okText={deciding?.what === 'file' ? t('filing.file') : t('filing.reject')}
        danger={deciding?.what === 'reject'}
        extra={
          deciding?.what === 'file' ? (
            <div className="warn-box">
              {t('spec.fileHint', { n: deciding.spec.agreeingReviews, required: deciding.spec.requiredReviews })}
            </div>
          ) : null
        }
        onSubmit={async (v) => {
          const s =
            deciding!.what === 'file'
              ? await api.fileSpec(deciding!.spec.id, v.reason || null)
              : await api.rejectSpec(deciding!.spec.id, v.reason || null);
          replace(s);
          message.success(s.statusLabel);
        }}
        onClose={() => setDeciding(null)}
      />
    </div>
  );
}
