import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { errorContent } from './ApiErrorView';

/**
 * 导出 Excel for a list: downloads what the list shows under its current filters (the server
 * applies the same filters and scope, masks personal data and audits the export).
 * `onExport` answers the file name it saved.
 */
export function ExportButton({
  onExport,
  testId = 'export',
  disabled,
  label,
}: {
  onExport: () => Promise<string>;
  testId?: string;
  disabled?: boolean;
  /** what is exported, where a page has more than one export (default 导出 Excel) */
  label?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const name = await onExport();
      message.success(t('inst.exported', { name }));
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip title={t('common.exportHint')}>
      <Button icon={<FileExcelOutlined />} loading={busy} onClick={run} disabled={disabled} data-testid={testId}>
        {busy ? t('inst.exporting') : (label ?? t('inst.export'))}
      </Button>
    </Tooltip>
  );
}
