// The controls above and below a list page's table: the search box, the filter selects and the
// table's paging bound to the page's query state. Each names itself (aria-label) for screen readers.
import { Input, Select, type SelectProps, type TablePaginationConfig } from 'antd';
import type { Dispatch, SetStateAction } from 'react';

/** The search box: what was typed, trimmed; an empty search clears the filter (undefined). */
export function SearchBox({
  label,
  placeholder = label,
  width,
  onSearch,
}: {
  label: string;
  placeholder?: string;
  width: number;
  onSearch: (q: string | undefined) => void;
}) {
  return (
    <Input.Search
      aria-label={label}
      placeholder={placeholder}
      allowClear
      style={{ width }}
      onSearch={(v) => onSearch(v.trim() || undefined)}
    />
  );
}

/** A clearable filter select, named by its label (the placeholder too, unless another is given). */
export function FilterSelect<V>({
  label,
  placeholder = label,
  width,
  ...props
}: Omit<SelectProps<V>, 'aria-label' | 'allowClear' | 'style'> & { label: string; width: number }) {
  return <Select<V> aria-label={label} placeholder={placeholder} allowClear style={{ width }} {...props} />;
}

/** The table's paging, read from and written to the page's query state (page and page size). */
export function listPagination<Q extends { page?: number; pageSize?: number }>(
  query: Q,
  setQuery: Dispatch<SetStateAction<Q>>,
  total: number | undefined,
  showTotal: (total: number) => string,
): TablePaginationConfig {
  return {
    current: query.page,
    pageSize: query.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    showTotal,
    onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
  };
}
