// TanStack Query hooks of the innovation module.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { IN_PAGE } from '../../query';
import { innovationApi, type InnovationQuery } from './proposals-api';

const innovationKeys = { list: (q: InnovationQuery) => ['proposals', 'list', q] as const };

export const useInnovationItems = (q: InnovationQuery) =>
  useQuery({ queryKey: innovationKeys.list(q), queryFn: () => innovationApi.list(q), placeholderData: keepPreviousData, meta: IN_PAGE });
