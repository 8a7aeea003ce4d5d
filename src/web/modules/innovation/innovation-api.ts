// Employee innovation (server module: innovation).
import { api, type BodyOf, type ResponseOf, type Widen } from '../../api';

type WorkerAccountInput = Widen<BodyOf<'createInnovationWorkerAccount'>>;

export const innovationApi = {
  createWorkerAccount: (body: WorkerAccountInput) =>
    api.post<ResponseOf<'createInnovationWorkerAccount'>>('/api/innovation/worker-accounts', body),
};
