import type { ReactNode } from 'react';
import { Form, Modal } from 'antd';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ApiErrorView';
import { useSubmit } from './useSubmit';

/**
 * A dialog holding one form: fields reset each time it opens, `submit` runs with the form's values
 * (the OK button busy meanwhile), a server refusal stays in the dialog, and on success `onDone`
 * gets the answer and the dialog closes. `intro` stands above the error and the fields; the OK
 * button reads `okText` (else the dialog library's 确定 / OK).
 */
export function FormModal<V extends object, R>({
  open,
  title,
  okText,
  testId,
  name,
  intro,
  initialValues,
  submit,
  onDone,
  onClose,
  children,
}: {
  open: boolean;
  title: ReactNode;
  okText?: string;
  /** `data-testid` of the OK button */
  testId?: string;
  /** the form's name (field ids are `<name>_<field>`) */
  name: string;
  intro?: ReactNode;
  initialValues?: Partial<V>;
  submit: (values: V) => Promise<R>;
  onDone: (answer: R) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const { busy, error, run } = useSubmit(open, () => form.resetFields());
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': testId } as never}
      destroyOnHidden
    >
      {intro}
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        name={name}
        initialValues={initialValues}
        onFinish={async (v: V) => {
          let answer: R | undefined;
          if (await run(async () => (answer = await submit(v)))) {
            onDone(answer as R);
            onClose();
          }
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}
