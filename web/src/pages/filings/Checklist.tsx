/**
 * The INST-3 checklist: each prerequisite ✓ or ✗ with the server's `missing` texts; examiners,
 * quality supervisors and experts are computed from the staff registry, the others need evidence
 * files (PDF/PNG/JPEG ≤ 10 MB). The institution admin uploads and removes files here; officials
 * see the same list read-only with download links.
 */
import { useEffect, useState } from 'react';
import {
  App,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Tooltip,
  Upload,
  type UploadFile,
} from 'antd';
import {
  CheckCircleFilled,
  CloseCircleFilled,
  DeleteOutlined,
  PaperClipOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MIME, PREREQUISITES } from '../../../../contract/institutions.js';
import { api, type ChecklistItem, type EvidenceFile } from '../../api';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n';
import { ErrorAlert, errorContent } from '../../components/ApiErrorView';
import { useSubmit } from '../../components/useSubmit';
import { EVIDENCE_DESCRIPTION_MAX_LENGTH } from '../../../../contract/limits.js';

/** A prerequisite with its evidence files: the institution's checklist item (GET …/prerequisites). */
export type CheckRow = ChecklistItem;

/** The application's own check (authoritative for its scope) merged with the institution's files. */
export function mergeChecks(
  own: { item: string; label: string; ok: boolean; missing: string[] }[] | undefined,
  inst: ChecklistItem[] | undefined,
): CheckRow[] {
  if (!own) return (inst ?? []).map((i) => ({ ...i }));
  return own.map((c) => {
    const i = inst?.find((x) => x.item === c.item);
    return { ...c, evidence: i?.evidence ?? false, files: i?.files ?? [] };
  });
}

const sizeText = (n: number | null) =>
  n == null
    ? ''
    : n < 1024
      ? `${n} B`
      : n < 1024 * 1024
        ? `${(n / 1024).toFixed(1)} KB`
        : `${(n / 1024 / 1024).toFixed(1)} MB`;

function UploadModal({
  open,
  item,
  institutionId,
  occupations,
  onClose,
  onDone,
}: {
  open: boolean;
  item: CheckRow | null;
  institutionId: number;
  occupations: { id: number; name: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ occupationId?: number; description?: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { busy, error, setError, run } = useSubmit();
  const isBank = item?.item === 'question_bank';
  useEffect(() => {
    if (open) {
      form.resetFields();
      setFiles([]);
      setError(null);
      if (isBank && occupations.length === 1) form.setFieldValue('occupationId', occupations[0].id);
    }
  }, [open, form, isBank, occupations]);
  const finish = async (v: { occupationId?: number; description?: string }) => {
    const file = files[0]?.originFileObj as File | undefined;
    if (!file || !item) {
      setError(new Error(t('evidence.fileRequired')));
      return;
    }
    await run(async () => {
      const r = await api.uploadEvidence(institutionId, {
        item: item.item,
        occupationId: v.occupationId,
        description: v.description?.trim() || null,
        file,
      });
      message.success(t('evidence.uploaded', { name: r.fileName }));
      onDone();
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={item ? t('evidence.uploadTitle', { item: item.label }) : ''}
      okText={t('evidence.upload')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, disabled: files.length === 0, 'data-testid': 'evidence-ok' } as never}
      destroyOnHidden
    >
      <ErrorAlert error={error} testId="evidence-error" />
      <Form form={form} layout="vertical" name="evidence" onFinish={finish}>
        {isBank && (
          <Form.Item
            name="occupationId"
            label={t('evidence.occupation')}
            rules={[{ required: true, message: t('evidence.occupationRequired') }]}
          >
            <Select
              options={occupations.map((o) => ({ value: o.id, label: o.name }))}
              placeholder={t('evidence.occupation')}
              data-testid="evidence-occupation"
            />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('evidence.description')}>
          <Input maxLength={EVIDENCE_DESCRIPTION_MAX_LENGTH} placeholder={t('evidence.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('evidence.file')} required extra={t('evidence.fileHint')}>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            maxCount={1}
            fileList={files}
            beforeUpload={(f) => {
              if (f.size > EVIDENCE_MAX_BYTES) {
                setError(new Error(t('evidence.tooLarge')));
                return Upload.LIST_IGNORE;
              }
              if (f.type && !(EVIDENCE_MIME as readonly string[]).includes(f.type)) {
                setError(new Error(t('evidence.badType')));
                return Upload.LIST_IGNORE;
              }
              setError(null);
              return false; // keep it here; sent with the form
            }}
            onChange={({ fileList }) => setFiles(fileList.slice(-1))}
          >
            <Button icon={<UploadOutlined />} data-testid="evidence-pick">
              {t('evidence.pick')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ChecklistTable({
  rows,
  institutionId,
  editable,
  occupations,
  onChanged,
  loading,
}: {
  rows: CheckRow[];
  institutionId: number;
  editable: boolean;
  /** the applied occupations, for per-occupation question banks */
  occupations: { id: number; name: string }[];
  onChanged: () => void;
  loading?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<CheckRow | null>(null);
  const download = async (f: EvidenceFile) => {
    try {
      await api.downloadEvidence(f.id, f.fileName ?? `evidence-${f.id}`);
    } catch (e) {
      message.error(errorContent(e));
    }
  };
  const remove = async (f: EvidenceFile) => {
    try {
      await api.removeEvidence(institutionId, f.id);
      message.success(t('evidence.removed', { name: f.fileName ?? '' }));
      onChanged();
    } catch (e) {
      message.error(errorContent(e));
    }
  };
  const okCount = rows.filter((r) => r.ok).length;
  return (
    <>
      <div className="checklist-summary" data-testid="checklist-summary">
        {okCount === rows.length ? (
          <Tag color="success" icon={<CheckCircleFilled />}>
            {t('check.allOk', { n: rows.length })}
          </Tag>
        ) : (
          <Tag color="error" icon={<CloseCircleFilled />}>
            {t('check.someMissing', { n: rows.length - okCount, total: rows.length })}
          </Tag>
        )}
        <span className="muted">{t('check.ruleNote')}</span>
      </div>
      <Table<CheckRow>
        data-testid="checklist"
        rowKey="item"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={rows}
        onRow={(r) =>
          ({ 'data-testid': `check-${r.item}`, 'data-ok': String(r.ok) }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: '',
            dataIndex: 'ok',
            width: 36,
            render: (ok: boolean) =>
              ok ? (
                <CheckCircleFilled className="ok-text" aria-label="ok" data-testid="check-ok" />
              ) : (
                <CloseCircleFilled className="err-text" aria-label="missing" data-testid="check-missing" />
              ),
          },
          {
            title: t('check.item'),
            dataIndex: 'label',
            width: 300,
            render: (v: string, r) => (
              <div>
                <div>{r.item in PREREQUISITES ? t(`prereq.${r.item}` as MessageKey) : v}</div>
                {!r.evidence && <div className="muted small">{t('check.computed')}</div>}
              </div>
            ),
          },
          {
            title: t('check.result'),
            dataIndex: 'missing',
            width: 300,
            render: (m: string[], r) =>
              r.ok ? (
                <span className="ok-text">{t('check.met')}</span>
              ) : (
                <ul className="missing-list" data-testid="check-missing-text">
                  {m.map((x, i) => (
                    <li key={i}>{x}</li>
                  ))}
                </ul>
              ),
          },
          {
            title: t('check.files'),
            dataIndex: 'files',
            render: (files: EvidenceFile[], r) =>
              !r.evidence ? (
                <span className="muted">—</span>
              ) : files.length === 0 ? (
                <span className="muted">{t('check.noFiles')}</span>
              ) : (
                <ul className="file-list">
                  {files.map((f) => (
                    <li key={f.id} data-testid="evidence-file">
                      <PaperClipOutlined />
                      <Tooltip title={`${formatDateTime(f.uploadedAt)}${f.description ? ' · ' + f.description : ''}`}>
                        <a onClick={() => download(f)}>{f.fileName}</a>
                      </Tooltip>
                      {f.occupationName && <Tag className="file-occ">{f.occupationName}</Tag>}
                      <span className="muted small">{sizeText(f.size)}</span>
                      {editable && (
                        <Popconfirm
                          title={t('evidence.removeConfirm', { name: f.fileName ?? '' })}
                          okText={t('common.ok')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => remove(f)}
                        >
                          <Button
                            type="text"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('evidence.remove')}
                            data-testid="evidence-remove"
                          />
                        </Popconfirm>
                      )}
                    </li>
                  ))}
                </ul>
              ),
          },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  width: 100,
                  render: (_: unknown, r: CheckRow) =>
                    r.evidence ? (
                      <Button
                        size="small"
                        icon={<UploadOutlined />}
                        onClick={() => setUploading(r)}
                        data-testid={`upload-${r.item}`}
                      >
                        {t('evidence.upload')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <UploadModal
        open={uploading !== null}
        item={uploading}
        institutionId={institutionId}
        occupations={occupations}
        onClose={() => setUploading(null)}
        onDone={onChanged}
      />
    </>
  );
}
