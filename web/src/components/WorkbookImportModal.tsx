/**
 * The dialog of every workbook import run as a tracked job (issue 17): download the template, pick
 * a file, follow the job's progress (校验 then 写入), and on refusal the list of row-and-column
 * errors (nothing imported); on success the count and the notes (the example row skipped …).
 */
import { useState, type ReactNode } from 'react';
import { App, Button, Modal, Space, Table, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, followJob, type Job } from '../api';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ApiErrorView';
import { JobProgress } from './JobProgress';
import { useSubmit } from './useSubmit';
import { useOpened } from './useOpened';

/** What an import job leaves as its result: the count imported and notes by row. */
export interface ImportResult {
  imported: number;
  notes?: { field: string; message: string }[];
}

export function WorkbookImportModal<R extends ImportResult = ImportResult>({
  open,
  title,
  step1,
  templateLabel,
  step2,
  downloadTemplate,
  start,
  doneText,
  hint,
  extra,
  renderResult,
  onClose,
  onDone,
}: {
  open: boolean;
  title: ReactNode;
  step1: ReactNode;
  templateLabel: ReactNode;
  step2: ReactNode;
  /** saves the template; answers the file name */
  downloadTemplate: () => Promise<string>;
  /** starts the import job */
  start: (file: File) => Promise<Job>;
  doneText: (n: number) => string;
  /** a line above the file picker (the formats taken) */
  hint?: ReactNode;
  /** options under the file picker (the roster's 跳过已报名的考生) */
  extra?: ReactNode;
  /** the result in the import's own words; by default the count and the notes by row */
  renderResult?: (r: R) => ReactNode;
  onClose: () => void;
  onDone: () => void | Promise<void>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<R | null>(null);
  // the import runs as a tracked job (issue 17): its progress is shown until the result is in
  const [job, setJob] = useState<Job | null>(null);
  const { busy, error, setError, run } = useSubmit();
  useOpened(open, () => {
    setFile(null);
    setResult(null);
    setJob(null);
    setError(null);
  });
  return (
    <Modal
      open={open}
      title={title}
      width={720}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose} data-testid="import-close">
            {result ? t('common.close') : t('common.cancel')}
          </Button>
          {!result && (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              disabled={!file}
              loading={busy}
              data-testid="import-submit"
              onClick={() =>
                void run(async () => {
                  setJob(null);
                  const end = await followJob(await start(file!), setJob);
                  const r = end.result as R;
                  setJob(null);
                  setResult(r);
                  message.success(doneText(r.imported));
                  await onDone();
                })
              }
            >
              {t('import.submit')}
            </Button>
          )}
        </Space>
      }
    >
      <ol className="import-steps">
        <li>
          {step1}
          <Button
            type="link"
            icon={<DownloadOutlined />}
            data-testid="import-template"
            onClick={async () => {
              try {
                message.success(t('import.templateSaved', { name: await downloadTemplate() }));
              } catch (e) {
                setError(e);
              }
            }}
          >
            {templateLabel}
          </Button>
        </li>
        <li>{step2}</li>
        <li>{t('import.step3')}</li>
      </ol>
      {hint && (
        <div className="muted small" style={{ marginBottom: 8 }}>
          {hint}
        </div>
      )}
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setError(null);
          setResult(null);
          return false;
        }}
        onRemove={() => {
          setFile(null);
          return true;
        }}
        fileList={file ? [{ uid: 'workbook', name: file.name, status: 'done' }] : []}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.dropHint')}</p>
      </Upload.Dragger>
      {extra}
      {busy && job && <JobProgress job={job} testId="import-progress" />}
      {error !== null && <ImportErrors error={error} />}
      {result && renderResult && renderResult(result)}
      {result && !renderResult && (
        <div className="ok-box" style={{ marginTop: 12 }} data-testid="import-result">
          {doneText(result.imported)}
          {result.notes?.map((n, i) => (
            <div key={i} className="muted small">
              {n.field}：{n.message}
            </div>
          ))}
        </div>
      )}
    </Modal>
  );
}

/**
 * Why an import was refused: the message, and each row and column named in a table (the server's
 * `details`), as every workbook import shows it.
 */
export function ImportErrors({ error }: { error: unknown }) {
  const { t } = useI18n();
  const details = error instanceof ApiError ? (error.details ?? []) : [];
  return (
    <div className="import-errors" data-testid="import-errors">
      <ErrorAlert
        error={error}
        title={error instanceof ApiError ? error.message : undefined}
        hideDetails={details.length > 0}
        style={{ marginTop: 12 }}
        testId="import-error"
      />
      {details.length > 0 && (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={details.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={details}
          data-testid="import-error-list"
          columns={[
            { title: t('import.where'), dataIndex: 'field', width: 240, render: (v: string) => <b>{v}</b> },
            {
              title: t('import.problem'),
              dataIndex: 'message',
              render: (v: string) => <span className="err-text">{v}</span>,
            },
          ]}
        />
      )}
    </div>
  );
}
