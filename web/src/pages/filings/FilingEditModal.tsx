import { useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, Form, Input, Modal, Select, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { LEVELS } from '../../../../contract/levels.js';
import { api, type FilingDetail, type GrantedScope, type Spec } from '../../api';
import { pairsOf, rowsOf, type ScopeRow as Row } from './scopePairs';
import { useI18n } from '../../i18n';
import { OccupationSelect } from '../../components/OccupationSelect';
import { ErrorAlert } from '../../components/ApiErrorView';
import { useSubmit } from '../../components/useSubmit';
import { FILING_NOTE_MAX_LENGTH } from '../../../../contract/limits.js';

interface Values {
  rows: Row[];
  note?: string;
}

/**
 * 新建 / 编辑备案申请: the scope picker (occupation × level checkboxes, INST-4), an optional
 * evaluation specification for occupations without a national standard (INST-7), and a note.
 */
export function FilingEditModal({
  open,
  institutionId,
  filing,
  onClose,
  onSaved,
}: {
  open: boolean;
  institutionId: number;
  filing?: FilingDetail | null;
  onClose: () => void;
  onSaved: (d: FilingDetail) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, run } = useSubmit();
  const [granted, setGranted] = useState<GrantedScope[]>([]);
  const [specs, setSpecs] = useState<Spec[]>([]);
  const rows = Form.useWatch('rows', form) ?? [];
  const pairs = pairsOf(rows);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue(
      filing ? { rows: rowsOf(filing.scopes), note: filing.note ?? '' } : { rows: [{ levels: [] }], note: '' },
    );
    api.institutionScopes(institutionId).then(setGranted, () => setGranted([]));
    api.specs().then(setSpecs, () => setSpecs([]));
  }, [open, filing, institutionId, form]);

  const grantedSet = useMemo(() => new Set(granted.map((g) => `${g.occupationId}:${g.level}`)), [granted]);

  const finish = async (v: Values) => {
    const scopes = pairsOf(v.rows ?? []);
    await run(async () => {
      const note = v.note?.trim() || null;
      const d = filing ? await api.patchFiling(filing.id, { scopes, note }) : await api.createFiling({ scopes, note });
      onSaved(d);
    });
  };

  return (
    <Modal
      open={open}
      width={760}
      title={filing ? t('filing.editTitle', { id: filing.id }) : t('filing.newTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, disabled: pairs.length === 0, 'data-testid': 'filing-save' } as never}
      destroyOnHidden
      maskClosable={false}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('filing.scopeHint')}
      </Typography.Paragraph>
      <ErrorAlert error={error} testId="filing-edit-error" />
      <Form<Values> form={form} name="filing" layout="vertical" onFinish={finish} requiredMark={false}>
        <Form.List name="rows">
          {(fields, { add, remove }) => (
            <div className="scope-rows" data-testid="scope-picker">
              {fields.map((field, idx) => {
                const row = rows[idx] ?? {};
                const others = rows
                  .filter((_, i) => i !== idx)
                  .map((r) => r.occupationId)
                  .filter((x): x is number => !!x);
                const occSpecs = specs.filter((s) => s.occupationId === row.occupationId && s.status !== 'rejected');
                return (
                  <div className="scope-row" key={field.key} data-testid={`scope-row-${idx}`}>
                    <Form.Item
                      name={[field.name, 'occupationId']}
                      rules={[{ required: true, message: t('filing.occupationRequired') }]}
                      className="scope-occ"
                    >
                      <OccupationSelect
                        exclude={others}
                        placeholder={t('filing.pickOccupation')}
                        data-testid={`scope-occupation-${idx}`}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'levels']}
                      rules={[{ required: true, type: 'array', min: 1, message: t('filing.levelRequired') }]}
                      className="scope-levels"
                    >
                      <Checkbox.Group>
                        {LEVELS.map((l) => {
                          const isGranted = !!row.occupationId && grantedSet.has(`${row.occupationId}:${l.digit}`);
                          const box = (
                            <Checkbox
                              key={l.digit}
                              value={l.digit}
                              disabled={isGranted}
                              data-testid={`scope-level-${idx}-${l.digit}`}
                            >
                              {lang === 'zh' ? `${l.name}/${l.title}` : `L${l.digit}`}
                            </Checkbox>
                          );
                          return isGranted ? (
                            <Tooltip key={l.digit} title={t('filing.alreadyGranted')}>
                              {box}
                            </Tooltip>
                          ) : (
                            box
                          );
                        })}
                      </Checkbox.Group>
                    </Form.Item>
                    {occSpecs.length > 0 && (
                      <Form.Item
                        name={[field.name, 'specId']}
                        className="scope-spec"
                        tooltip={t('filing.specHint')}
                        label={t('filing.spec')}
                      >
                        <Select
                          allowClear
                          style={{ width: 260 }}
                          options={occSpecs.map((s) => ({ value: s.id, label: `${s.title}（${s.statusLabel}）` }))}
                          placeholder={t('filing.specPlaceholder')}
                        />
                      </Form.Item>
                    )}
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      disabled={fields.length === 1}
                      aria-label={t('common.delete')}
                    />
                  </div>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ levels: [] })}
                block
                data-testid="scope-add"
              >
                {t('filing.addOccupation')}
              </Button>
            </div>
          )}
        </Form.List>
        <div className="scope-summary" data-testid="scope-summary">
          {t('filing.pairs', { n: pairs.length })}
        </div>
        <Form.Item name="note" label={t('filing.note')}>
          <Input.TextArea
            rows={2}
            maxLength={FILING_NOTE_MAX_LENGTH}
            showCount
            placeholder={t('filing.notePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
