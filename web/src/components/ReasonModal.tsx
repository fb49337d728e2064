import { useEffect, type ReactNode } from 'react';
import { DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ApiErrorView';
import { useSubmit } from './useSubmit';
import { REASON_MAX_LENGTH, REASON_MIN_LENGTH } from '../../../contract/limits.js';

export interface ReasonValues {
  reason: string;
  /** yyyy-mm-dd, when `withDeadline` */
  deadline?: string;
}

/**
 * Asks for the reason of a decision (退回, 不予备案, 暂停, 取消备案 …) — required unless
 * `optional` — and, for 责令整改, a deadline after today. Server refusals stay in the dialog.
 */
export function ReasonModal({
  open,
  title,
  okText,
  danger,
  optional = false,
  withDeadline = false,
  extra,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  optional?: boolean;
  withDeadline?: boolean;
  extra?: ReactNode;
  onSubmit: (v: ReasonValues) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason?: string; deadline?: Dayjs }>();
  const { busy, error, setError, run } = useSubmit();
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  const finish = async (v: { reason?: string; deadline?: Dayjs }) => {
    await run(async () => {
      await onSubmit({
        reason: (v.reason ?? '').trim(),
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
      });
      onClose();
    });
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: busy, 'data-testid': 'reason-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
    >
      {extra}
      <ErrorAlert error={error} testId="reason-error" />
      <Form form={form} layout="vertical" name="reason" onFinish={finish} requiredMark={!optional}>
        {withDeadline && (
          <Form.Item
            name="deadline"
            label={t('mgmt.deadline')}
            rules={[{ required: true, message: t('mgmt.deadlineRequired') }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => !d.isAfter(dayjs(), 'day')}
              data-testid="reason-deadline"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={optional ? t('reason.opinion') : t('reason.label')}
          rules={
            optional
              ? []
              : [
                  { required: true, whitespace: true, message: t('reason.required') },
                  { min: REASON_MIN_LENGTH, message: t('reason.min') },
                ]
          }
        >
          <Input.TextArea
            rows={4}
            maxLength={REASON_MAX_LENGTH}
            showCount
            placeholder={optional ? t('reason.optionalPlaceholder') : t('reason.placeholder')}
            data-testid="reason-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
