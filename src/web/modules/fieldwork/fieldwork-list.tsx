// The list card of the visits and meetings pages: a title search, two filters of the page's own, the
// year, and the table with server-side sorting (by title or by the page's date) and pagination.
import { Card, Empty, Flex, InputNumber, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dispatch, SetStateAction } from 'react';
import { FilterSelect, listPagination, SearchBox } from '../../shared/list-controls';
import { QueryError } from '../../shared/query-error';
import { useFieldworkT } from './fieldwork-i18n';

/** What the list card reads and sets of a page's query; the page's own filters come on top. */
export interface ListQuery<S extends string> {
  q?: string;
  year?: number;
  sort?: S | `-${S}` | 'title' | '-title';
  page: number;
  pageSize: number;
}

/** One filter of a page: a clearable select that sets one field of the query (back to page 1). */
export interface ListFilter<Q> {
  label: string;
  width: number;
  value: string | undefined;
  set: (q: Q, v: string | undefined) => Q;
  options: { value: string; label: string }[];
}

export function FieldworkListCard<R extends { id: string }, S extends string, Q extends ListQuery<S>>({
  query,
  setQuery,
  search,
  filters,
  dateSort,
  result,
  columns,
}: {
  query: Q;
  setQuery: Dispatch<SetStateAction<Q>>;
  /** The search box's label and width. */
  search: { label: string; width: number };
  filters: ListFilter<Q>[];
  /** The date field a column keyed by it sorts on (every other sortable column sorts by title). */
  dateSort: S;
  result: { data?: { items: R[]; total: number }; isFetching: boolean; error: Error | null; refetch: () => unknown };
  columns: ColumnsType<R>;
}) {
  const t = useFieldworkT();
  const { data, isFetching, error, refetch } = result;
  return (
    <Card>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <SearchBox label={search.label} width={search.width} onSearch={(text) => setQuery((q) => ({ ...q, page: 1, q: text }))} />
        {filters.map((f) => (
          <FilterSelect
            key={f.label}
            label={f.label}
            width={f.width}
            value={f.value}
            onChange={(v: string | undefined) => setQuery((q) => ({ ...f.set(q, v), page: 1 }))}
            options={f.options}
          />
        ))}
        <InputNumber
          aria-label={t('year')}
          placeholder={t('year')}
          min={2000}
          max={2100}
          value={query.year}
          onChange={(v) => setQuery((q) => ({ ...q, page: 1, year: v ?? undefined }))}
        />
      </Flex>
      {error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<R>
          rowKey="id"
          loading={isFetching}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.columnKey === 'title' ? 'title' : dateSort;
            setQuery((q) => ({ ...q, sort: s?.order ? (s.order === 'descend' ? (`-${field}` as const) : field) : undefined }));
          }}
          pagination={listPagination(query, setQuery, data?.total, (total) => t('total', { total }))}
          columns={columns}
        />
      )}
    </Card>
  );
}
