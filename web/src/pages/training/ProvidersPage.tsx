/**
 * 培训机构目录清单: the HRSS lists bodies as training providers (an institution already registered,
 * or a new organisation), sets their training scope, records annual inspections (年检), takes a
 * provider out of the catalogue with a reason (published: 曝光) or lists it again, and answers the
 * cross-region filings made to its region (TRAIN-13). A provider reads its own entry here, reports
 * its full-time trainers (专职师资, TRAIN-12) and files for cross-region training.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { CheckOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import {
  api,
  type Provider,
  type ProviderCreateBody,
  type ProviderDetail,
  type Trainer,
  type TrainingFiling,
} from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatDateTime, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ApiErrorView';
import { ReasonModal } from '../../components/ReasonModal';
import { OccupationSelect } from '../../components/OccupationSelect';
import { InstitutionPicker } from '../../components/InstitutionPicker';
import { RegionPicker } from '../../components/RegionPicker';
import { FormModal } from '../../components/FormModal';
import { useSubmit } from '../../components/useSubmit';
import {
  INSTITUTION_NAME_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  RESIDENT_ID_LENGTH,
  RESIDENT_ID_PATTERN,
  TRAINER_TITLE_MAX_LENGTH,
} from '../../../../contract/limits.js';
import { INSPECTION_RESULTS, PROVIDER_TYPES } from '../../../../contract/training.js';
import { providerTypeLabel, RuleHint } from './TrainingParts';
import '../plans/plans.css';
import './training.css';

const INSPECTION_COLOR: Record<string, string> = {
  qualified: 'green',
  basically_qualified: 'gold',
  unqualified: 'red',
};

/** 纳入目录清单: an institution of the registry, or a new organisation registered with it. */
function ListModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [fromRegistry, setFromRegistry] = useState(true);
  const { busy, error, run } = useSubmit(open, () => {
    form.resetFields();
    setFromRegistry(true);
  });
  return (
    <Modal
      open={open}
      title={t('training.listProvider')}
      width={640}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'provider-save' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Radio.Group
        value={fromRegistry}
        onChange={(e) => setFromRegistry(e.target.value as boolean)}
        optionType="button"
        style={{ marginBottom: 12 }}
        options={[
          { value: true, label: t('training.fromRegistry') },
          { value: false, label: t('training.newOrganisation') },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        name="provider"
        onFinish={async (v: {
          institutionId?: number;
          name?: string;
          regionCode?: string;
          providerType: ProviderCreateBody['providerType'];
          occupationIds: number[];
        }) => {
          const ok = await run(async () => {
            const p = await api.createTrainingProvider({
              ...(fromRegistry
                ? { institutionId: v.institutionId }
                : { organisation: { name: v.name!.trim(), regionCode: v.regionCode! } }),
              providerType: v.providerType,
              occupationIds: v.occupationIds,
            });
            message.success(t('training.listed', { name: p.name }));
          });
          if (ok) {
            onDone();
            onClose();
          }
        }}
      >
        {fromRegistry ? (
          <Form.Item name="institutionId" label={t('training.institution')} rules={[{ required: true }]}>
            <InstitutionPicker />
          </Form.Item>
        ) : (
          <div className="form-grid">
            <Form.Item name="name" label={t('training.orgName')} rules={[{ required: true, whitespace: true, min: 2 }]}>
              <Input maxLength={INSTITUTION_NAME_MAX_LENGTH} data-testid="provider-name" />
            </Form.Item>
            <Form.Item name="regionCode" label={t('training.orgRegion')} rules={[{ required: true }]}>
              <RegionPicker />
            </Form.Item>
          </div>
        )}
        <Form.Item name="providerType" label={t('training.providerType')} rules={[{ required: true }]}>
          <Select
            data-testid="provider-type"
            options={Object.keys(PROVIDER_TYPES).map((k) => ({ value: k, label: providerTypeLabel(t, k) }))}
          />
        </Form.Item>
        <Form.Item name="occupationIds" label={t('training.scope')} rules={[{ required: true }]}>
          <OccupationSelect mode="multiple" data-testid="provider-scope" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 报备专职教师: a person (identity document), the occupations taught, a teacher's certificate. */
function TrainerModal({
  providerId,
  open,
  onClose,
  onDone,
}: {
  providerId: number;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <FormModal
      open={open}
      title={t('training.registerTrainer')}
      name="trainer"
      intro={<RuleHint rule="TRAIN-12">{t('training.trainerHint')}</RuleHint>}
      initialValues={{ teacherCertificate: false }}
      submit={(v: {
        name: string;
        idNumber: string;
        title?: string;
        teacherCertificate: boolean;
        occupationIds: number[];
      }) =>
        api.registerTrainer(providerId, {
          name: v.name.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          title: v.title?.trim() || null,
          teacherCertificate: !!v.teacherCertificate,
          occupationIds: v.occupationIds,
        })
      }
      onDone={() => onDone()}
      onClose={onClose}
    >
      <div className="form-grid">
        <Form.Item name="name" label={t('reg.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={PERSON_NAME_MAX_LENGTH} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('reg.idNumber')}
          rules={[{ required: true }, { pattern: new RegExp(RESIDENT_ID_PATTERN), message: t('reg.idRule') }]}
        >
          <Input maxLength={RESIDENT_ID_LENGTH} className="mono" />
        </Form.Item>
        <Form.Item name="title" label={t('training.trainerTitle')}>
          <Input maxLength={TRAINER_TITLE_MAX_LENGTH} />
        </Form.Item>
        <Form.Item name="teacherCertificate" label={t('training.teacherCertificate')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </div>
      <Form.Item name="occupationIds" label={t('training.trainerOccupations')} rules={[{ required: true }]}>
        <OccupationSelect mode="multiple" />
      </Form.Item>
    </FormModal>
  );
}

/** 跨区域培训报备 (TRAIN-13): the city where the provider trains, and the period. */
function FilingModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  return (
    <Modal
      open={open}
      title={t('training.applyFiling')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy } as never}
      destroyOnHidden
    >
      <RuleHint rule="TRAIN-13">{t('training.filingHint')}</RuleHint>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { regionCode: string; period: [Dayjs, Dayjs]; note?: string }) => {
          const ok = await run(() =>
            api.applyTrainingFiling({
              regionCode: v.regionCode,
              validFrom: v.period[0].format('YYYY-MM-DD'),
              validUntil: v.period[1].format('YYYY-MM-DD'),
              note: v.note?.trim() || null,
            }),
          );
          if (ok) {
            onDone();
            onClose();
          }
        }}
      >
        <Form.Item name="regionCode" label={t('training.filingRegion')} rules={[{ required: true }]}>
          <RegionPicker />
        </Form.Item>
        <Form.Item name="period" label={t('training.filingPeriod')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('training.filingNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The filings an actor sees, with 同意 / 不同意 where the caller is the HRSS of the place. */
function FilingsTable({
  filings,
  onChanged,
  withProvider = true,
}: {
  filings: TrainingFiling[];
  onChanged: () => void;
  /** the provider's name column (not in its own drawer) */
  withProvider?: boolean;
}) {
  const { t } = useI18n();
  const [deciding, setDeciding] = useState<{ f: TrainingFiling; what: 'approve' | 'refuse' } | null>(null);
  return (
    <>
      <Table<TrainingFiling>
        size="small"
        rowKey="id"
        dataSource={filings}
        pagination={false}
        data-testid="filing-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('training.noFilings')} /> }}
        scroll={{ x: 800 }}
        columns={[
          ...(withProvider ? [{ title: t('training.provider'), dataIndex: 'providerName', width: 200 }] : []),
          { title: t('training.filingRegion'), dataIndex: 'regionName', width: 110 },
          {
            title: t('training.filingPeriod'),
            key: 'p',
            width: 200,
            render: (_: unknown, r) => `${r.validFrom} ~ ${r.validUntil}`,
          },
          { title: t('training.filingNote'), dataIndex: 'note', width: 220 },
          {
            title: t('common.status'),
            key: 's',
            width: 150,
            render: (_: unknown, r) => (
              <span>
                <Tag color={r.status === 'approved' ? 'green' : r.status === 'refused' ? 'red' : 'processing'}>
                  {t(`training.filingStatus.${r.status}` as never)}
                </Tag>
                {r.decisionReason && <div className="small muted">{r.decisionReason}</div>}
              </span>
            ),
          },
          {
            title: t('common.actions'),
            key: 'a',
            width: 150,
            render: (_: unknown, r) =>
              r.mayDecide ? (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => setDeciding({ f: r, what: 'approve' })}
                  >
                    {t('training.agree')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    danger
                    icon={<StopOutlined />}
                    onClick={() => setDeciding({ f: r, what: 'refuse' })}
                  >
                    {t('training.refuse')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <ReasonModal
        open={deciding !== null}
        optional={deciding?.what === 'approve'}
        danger={deciding?.what === 'refuse'}
        title={
          deciding
            ? `${deciding.what === 'approve' ? t('training.agree') : t('training.refuse')} · ${deciding.f.providerName}`
            : ''
        }
        onSubmit={async (v) => {
          await api.decideTrainingFiling(deciding!.f.id, { decision: deciding!.what, reason: v.reason || null });
          onChanged();
        }}
        onClose={() => setDeciding(null)}
      />
    </>
  );
}

/** One catalogue entry: scope, inspections, trainers, filings, rectifications and history. */
function ProviderDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const detail = useLoad(() => (id ? api.trainingProvider(id) : Promise.resolve(null)), [id]);
  const trainers = useLoad(() => (id ? api.trainers(id) : Promise.resolve([] as Trainer[])), [id]);
  const [scope, setScope] = useState<number[] | null>(null);
  const [exitOpen, setExitOpen] = useState<'exit' | 'relist' | null>(null);
  const [inspect, setInspect] = useState(false);
  const [trainerOpen, setTrainerOpen] = useState(false);
  const [leaving, setLeaving] = useState<Trainer | null>(null);
  const { busy, error, run } = useSubmit();
  const p: ProviderDetail | null | undefined = detail.data;
  const own = !!p && me.scope.institutionId === p.institutionId;
  const refresh = async () => {
    await detail.reload();
    await trainers.reload();
    onChanged();
  };
  return (
    <Drawer
      open={id !== null}
      size={820}
      onClose={onClose}
      destroyOnHidden
      title={p?.name ?? ''}
      data-testid="provider-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      <ErrorAlert error={error} />
      {p && (
        <>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('training.providerType')}>
              {providerTypeLabel(t, p.providerType)}
            </Descriptions.Item>
            <Descriptions.Item label={t('training.orgRegion')}>{p.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <Tag color={p.status === 'listed' ? 'green' : 'red'}>{t(`training.catalogue.${p.status}` as never)}</Tag>
              {p.status === 'listed'
                ? t('training.listedOn', { date: p.listedOn })
                : t('training.exitedOn', { date: p.exitedOn ?? '' })}
            </Descriptions.Item>
            <Descriptions.Item label={t('training.trainersCount')}>{p.trainers}</Descriptions.Item>
            {p.exitReason && <Descriptions.Item label={t('training.exitReason')}>{p.exitReason}</Descriptions.Item>}
          </Descriptions>
          {p.mayManage && (
            <Space wrap style={{ marginBottom: 12 }}>
              <Button onClick={() => setInspect(true)}>{t('training.recordInspection')}</Button>
              {p.status === 'listed' ? (
                <Button danger onClick={() => setExitOpen('exit')} data-testid="provider-exit">
                  {t('training.exit')}
                </Button>
              ) : (
                <Button onClick={() => setExitOpen('relist')}>{t('training.relist')}</Button>
              )}
            </Space>
          )}
          <Card size="small" className="plan-card" title={t('training.scope')}>
            {scope === null ? (
              <Space wrap>
                {p.occupations.map((o) => (
                  <Tag key={o.id}>
                    {o.name} <span className="muted small">{o.addedOn}</span>
                  </Tag>
                ))}
                {p.mayManage && (
                  <Button size="small" type="link" onClick={() => setScope(p.occupations.map((o) => o.id))}>
                    {t('common.edit')}
                  </Button>
                )}
              </Space>
            ) : (
              <Space.Compact style={{ width: '100%' }}>
                <OccupationSelect mode="multiple" value={scope} onChange={setScope} style={{ flex: 1 }} />
                <Button
                  type="primary"
                  loading={busy}
                  onClick={() =>
                    void run(async () => {
                      await api.setTrainingScope(p.id, scope);
                      setScope(null);
                      await refresh();
                    })
                  }
                >
                  {t('common.save')}
                </Button>
                <Button onClick={() => setScope(null)}>{t('common.cancel')}</Button>
              </Space.Compact>
            )}
          </Card>
          <Card size="small" className="plan-card" style={{ marginTop: 12 }} title={t('training.inspections')}>
            {p.inspections.length ? (
              <Space wrap>
                {p.inspections.map((i) => (
                  <Tag key={i.year} color={INSPECTION_COLOR[i.result]}>
                    {i.year} {t(`training.inspection.${i.result}` as never)}
                  </Tag>
                ))}
              </Space>
            ) : (
              <span className="muted small">{t('training.noInspections')}</span>
            )}
          </Card>
          <Card
            size="small"
            className="plan-card"
            style={{ marginTop: 12 }}
            title={t('training.trainers')}
            extra={
              own && can(me.role, 'training.trainer.manage') ? (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setTrainerOpen(true)}
                  data-testid="trainer-add"
                >
                  {t('training.registerTrainer')}
                </Button>
              ) : null
            }
          >
            <Table<Trainer>
              size="small"
              rowKey="id"
              loading={trainers.loading}
              dataSource={trainers.data ?? []}
              pagination={false}
              data-testid="trainer-table"
              columns={[
                { title: t('reg.name'), dataIndex: 'name', width: 90 },
                {
                  title: t('reg.idNumber'),
                  dataIndex: 'idNumberMasked',
                  width: 170,
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                { title: t('training.trainerTitle'), dataIndex: 'title' },
                {
                  title: t('training.trainerOccupations'),
                  key: 'o',
                  render: (_: unknown, r) => r.occupations.map((o) => o.name).join('、'),
                },
                {
                  title: t('common.status'),
                  key: 's',
                  width: 140,
                  render: (_: unknown, r) =>
                    r.status === 'active' ? (
                      own && can(me.role, 'training.trainer.manage') ? (
                        <Button size="small" type="link" danger onClick={() => setLeaving(r)}>
                          {t('training.trainerLeave')}
                        </Button>
                      ) : (
                        <Tag color="green">{t('training.trainerActive')}</Tag>
                      )
                    ) : (
                      <Tag>{t('training.trainerLeft', { date: r.leftOn ?? '' })}</Tag>
                    ),
                },
              ]}
            />
          </Card>
          <Card size="small" className="plan-card" style={{ marginTop: 12 }} title={t('training.filings')}>
            <FilingsTable filings={p.filings} withProvider={false} onChanged={() => void refresh()} />
          </Card>
          {p.rectifications.length > 0 && (
            <Card size="small" className="plan-card" style={{ marginTop: 12 }} title={t('training.rectifications')}>
              {p.rectifications.map((r) => (
                <div key={r.id} className={r.active ? 'warn-box' : 'muted small'}>
                  <RuleHint rule="TRAIN-8">
                    {t('training.rectificationText', { from: r.startsOn, until: r.endsOn, reason: r.reason })}
                  </RuleHint>
                </div>
              ))}
            </Card>
          )}
          <Card size="small" className="plan-card" style={{ marginTop: 12 }} title={t('training.history')}>
            <Timeline
              className="dense-timeline"
              items={p.events.map((e, i) => ({
                key: i,
                color: e.type === 'exit' ? 'red' : 'blue',
                content: (
                  <div>
                    <b>{t(`training.event.${e.type}` as never)}</b>{' '}
                    <span className="muted small">{formatDateTime(e.at)}</span> {e.actorName}
                    {e.detail && <div className="small">{e.detail}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
          <ReasonModal
            open={exitOpen !== null}
            danger={exitOpen === 'exit'}
            title={exitOpen === 'exit' ? t('training.exit') : t('training.relist')}
            extra={exitOpen === 'exit' ? <div className="warn-box">{t('training.exitHint')}</div> : null}
            onSubmit={async (v) => {
              if (exitOpen === 'exit') await api.exitProvider(p.id, v.reason);
              else await api.relistProvider(p.id, v.reason);
              message.success(exitOpen === 'exit' ? t('training.exited') : t('training.relisted'));
              await refresh();
            }}
            onClose={() => setExitOpen(null)}
          />
          <InspectionModal
            providerId={p.id}
            open={inspect}
            onClose={() => setInspect(false)}
            onDone={() => void refresh()}
          />
          <TrainerModal
            providerId={p.id}
            open={trainerOpen}
            onClose={() => setTrainerOpen(false)}
            onDone={() => void refresh()}
          />
          <ReasonModal
            open={leaving !== null}
            danger
            title={leaving ? `${t('training.trainerLeave')} · ${leaving.name}` : ''}
            onSubmit={async (v) => {
              await api.trainerLeaves(leaving!.id, v.reason);
              await refresh();
            }}
            onClose={() => setLeaving(null)}
          />
        </>
      )}
    </Drawer>
  );
}

function InspectionModal({
  providerId,
  open,
  onClose,
  onDone,
}: {
  providerId: number;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  return (
    <Modal
      open={open}
      title={t('training.recordInspection')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: new Date().getFullYear() - 1, result: 'qualified' }}
        onFinish={async (v: { year: number; result: keyof typeof INSPECTION_RESULTS; note?: string }) => {
          const ok = await run(() =>
            api.recordInspection(providerId, { year: v.year, result: v.result, note: v.note?.trim() || null }),
          );
          if (ok) {
            onDone();
            onClose();
          }
        }}
      >
        <Form.Item name="year" label={t('training.inspectionYear')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item name="result" label={t('training.inspectionResult')} rules={[{ required: true }]}>
          <Radio.Group
            options={Object.keys(INSPECTION_RESULTS).map((k) => ({
              value: k,
              label: t(`training.inspection.${k}` as never),
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('training.filingNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ProvidersPage() {
  const me = useMe();
  const { t } = useI18n();
  const manages = can(me.role, 'training.provider.manage');
  const files = can(me.role, 'training.filing.apply');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.trainingProviders({ q: q || undefined, page, pageSize: 20 }), [q, page]);
  const filings = useLoad(() => api.trainingFilings(), []);
  const [openId, setOpenId] = useState<number | null>(null);
  const [listing, setListing] = useState(false);
  const [filingOpen, setFilingOpen] = useState(false);
  const awaiting = (filings.data ?? []).filter((f) => f.mayDecide);
  return (
    <div>
      <PageHeader
        title={t('training.providersTitle')}
        extra={
          <Space>
            <Link to="/training/public" target="_blank">
              {t('training.publicLink')}
            </Link>
            {manages && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setListing(true)}
                data-testid="provider-list"
              >
                {t('training.listProvider')}
              </Button>
            )}
            {files && (
              <Button onClick={() => setFilingOpen(true)} data-testid="filing-apply">
                {t('training.applyFiling')}
              </Button>
            )}
          </Space>
        }
      />
      <RuleHint rule="TRAIN-13">{t('training.providersIntro')}</RuleHint>
      {awaiting.length > 0 && (
        <Card
          size="small"
          className="plan-card"
          style={{ marginBottom: 16 }}
          title={t('training.filingsAwaiting', { n: awaiting.length })}
        >
          <FilingsTable filings={awaiting} onChanged={() => void filings.reload()} />
        </Card>
      )}
      <Card
        size="small"
        className="plan-card"
        title={
          <Input.Search
            size="small"
            allowClear
            placeholder={t('training.searchProviders')}
            style={{ width: 260 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
        }
      >
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Provider>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          data-testid="provider-table"
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, size: 'small' }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('training.provider'), dataIndex: 'name', width: 240 },
            {
              title: t('training.providerType'),
              dataIndex: 'providerType',
              width: 130,
              render: (v: string) => providerTypeLabel(t, v),
            },
            { title: t('training.orgRegion'), dataIndex: 'regionName', width: 100 },
            {
              title: t('training.scope'),
              key: 'scope',
              render: (_: unknown, r) => r.occupations.map((o) => o.name).join('、'),
            },
            {
              title: t('training.lastInspection'),
              key: 'ins',
              width: 120,
              render: (_: unknown, r) =>
                r.lastInspection ? (
                  <Tag color={INSPECTION_COLOR[r.lastInspection.result]}>
                    {r.lastInspection.year} {t(`training.inspection.${r.lastInspection.result}` as never)}
                  </Tag>
                ) : (
                  '—'
                ),
            },
            { title: t('training.trainersCount'), dataIndex: 'trainers', width: 80 },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 110,
              render: (v: string) => (
                <Tag color={v === 'listed' ? 'green' : 'red'}>{t(`training.catalogue.${v}` as never)}</Tag>
              ),
            },
          ]}
        />
      </Card>
      <ProviderDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onChanged={() => {
          void list.reload();
          void filings.reload();
        }}
      />
      <ListModal open={listing} onClose={() => setListing(false)} onDone={() => void list.reload()} />
      <FilingModal open={filingOpen} onClose={() => setFilingOpen(false)} onDone={() => void filings.reload()} />
    </div>
  );
}
