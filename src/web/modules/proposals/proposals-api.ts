// Employee innovation (server module: innovation).
import { api, type BodyOf, type QueryOf, type ResponseOf, type Widen } from '../../api';

export type InnovationQuery = Widen<QueryOf<'listInnovationItems'>>;
type WorkerAccountInput = Widen<BodyOf<'createProposalsWorkerAccount'>>;

export const innovationApi = {
  list: (q: InnovationQuery) => api.get<ResponseOf<'listInnovationItems'>>('/api/proposals', { ...q }),
  createWorkerAccount: (body: WorkerAccountInput) =>
    api.post<ResponseOf<'createProposalsWorkerAccount'>>('/api/proposals/worker-accounts', body),
};
