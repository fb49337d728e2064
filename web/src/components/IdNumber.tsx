/**
 * ID numbers as every page shows them: masked (`410***********1234`). Roles that need a full number
 * (`person.reveal_id`: an institution for its own records, HRSS in its region) get a
 * 「查看完整证件号」 action: a dialog asks for the reason, which the server keeps in the audit trail
 * (who, whose, why; limited per hour); the number then shows for a few seconds and is masked again.
 * `PurposeModal` asks the same way for the purpose of an export that carries full numbers.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Form, Input, Modal, Tooltip, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { api, type RevealKind } from '../api';
import { useMe } from '../auth/AuthContext';
import { can } from '../access';
import { useI18n } from '../i18n';
import { ErrorAlert } from './ApiErrorView';
import { useSubmit } from './useSubmit';
import {
  ID_REVEALS_PER_HOUR,
  PERSONAL_DATA_REASON_MAX_LENGTH,
  PERSONAL_DATA_REASON_MIN_LENGTH,
} from '../../../contract/limits.js';

/** Asks for a reason (a reveal) or a purpose (an export); the server records it. */
export function PurposeModal({
  open,
  title,
  label,
  okText,
  intro,
  placeholder,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: ReactNode;
  label: string;
  okText: string;
  intro: ReactNode;
  placeholder?: string;
  onSubmit: (text: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text?: string }>();
  const { busy, error, setError, run } = useSubmit();
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'purpose-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert type="warning" showIcon message={intro} style={{ marginBottom: 12 }} />
      <ErrorAlert error={error} testId="purpose-error" />
      <Form
        form={form}
        layout="vertical"
        name="purpose"
        onFinish={(v) => run(async () => onSubmit((v.text ?? '').trim()))}
      >
        <Form.Item
          name="text"
          label={label}
          rules={[
            { required: true, whitespace: true, message: t('pii.reasonRequired') },
            {
              min: PERSONAL_DATA_REASON_MIN_LENGTH,
              message: t('pii.reasonMin', { n: PERSONAL_DATA_REASON_MIN_LENGTH }),
            },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={PERSONAL_DATA_REASON_MAX_LENGTH}
            showCount
            placeholder={placeholder ?? t('pii.reasonPlaceholder')}
            data-testid="purpose-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A masked ID number with, for the roles that may, the audited reveal of the full one. */
export function IdNumber({ masked, kind, id }: { masked: string | null | undefined; kind: RevealKind; id: number }) {
  const { t } = useI18n();
  const me = useMe();
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState<{ idNumber: string; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!shown) return;
    const h = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= shown.until) setShown(null);
    }, 1000);
    return () => clearInterval(h);
  }, [shown]);
  if (!masked) return <>—</>;
  const left = shown ? Math.max(0, Math.ceil((shown.until - now) / 1000)) : 0;
  return (
    // a click here (or in the dialog, which React bubbles through its portal) is not a click on the row
    <span className="id-number" data-testid="id-number" onClick={(e) => e.stopPropagation()}>
      <span className="mono" data-testid={shown ? 'id-number-full' : 'id-number-masked'}>
        {shown ? shown.idNumber : masked}
      </span>
      {shown ? (
        <>
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
            {t('pii.hidesIn', { n: left })}
          </Typography.Text>
          <Tooltip title={t('pii.hide')}>
            <Button
              size="small"
              type="link"
              icon={<EyeInvisibleOutlined />}
              aria-label={t('pii.hide')}
              onClick={() => setShown(null)}
            />
          </Tooltip>
        </>
      ) : (
        can(me.role, 'person.reveal_id') && (
          <Tooltip title={t('pii.reveal')}>
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              aria-label={t('pii.reveal')}
              data-testid="reveal-id"
              onClick={() => setAsking(true)}
            />
          </Tooltip>
        )
      )}
      <PurposeModal
        open={asking}
        title={t('pii.reveal')}
        label={t('pii.reason')}
        okText={t('pii.revealOk')}
        intro={t('pii.revealIntro', { n: ID_REVEALS_PER_HOUR })}
        onClose={() => setAsking(false)}
        onSubmit={async (reason) => {
          const r = await api.revealId(kind, id, reason);
          setNow(Date.now());
          setShown({ idNumber: r.idNumber, until: Date.now() + r.showSeconds * 1000 });
          setAsking(false);
        }}
      />
    </span>
  );
}
