import type { Dispatch, SetStateAction } from 'react';
import type { TablePaginationConfig } from 'antd';
import { formatNumber, type Translate } from '../i18n';

/** The pagination of a server-paged table: page and size live in the page's filter state. */
export function serverPagination<F extends { page?: number; pageSize?: number }>(
  filter: F,
  setFilter: Dispatch<SetStateAction<F>>,
  total: number | undefined,
  t: Translate,
): TablePaginationConfig {
  return {
    current: filter.page,
    pageSize: filter.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    showTotal: (n) => t('common.total', { n: formatNumber(n) }),
    onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
  };
}
