// Server state of the web app: one TanStack Query client. Pages read through `useQuery` with the
// query keys of their module (src/web/modules/<m>/<m>-queries.ts) and writes invalidate the keys
// they change, so every page showing that data refetches it.
//
// Failures are shown once: a query whose page shows the error in place (<QueryError>, e.g. every
// list page) says so with `meta: IN_PAGE`; any other failed query or mutation pops up as a message
// with the server's translated text. 401 needs nothing here: src/web/api.ts sends the app to sign-in.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { ApiError } from './api';
import { useI18n } from './i18n';
import { useErrorHandler } from './shared/use-error-handler';

/** `meta` of a query whose page shows its error itself (no extra message pops up). */
export const IN_PAGE = { errorInPage: true } as const;

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { errorInPage?: boolean; silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** A request worth one more try: the network failed or the server had a (5xx) fault. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status >= 500);
}

let report: (err: unknown) => void = (err) => console.error(err);

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (err, query) => {
      if (query.meta?.silent) return;
      // A failed background refetch keeps the old data on screen: say that it failed.
      if (query.meta?.errorInPage && query.state.data === undefined) return;
      report(err);
    },
  }),
  mutationCache: new MutationCache({
    onError: (err, _vars, _ctx, mutation) => {
      // A mutation with its own onError shows the error itself (e.g. on the form's fields).
      if (mutation.meta?.silent || mutation.options.onError) return;
      report(err);
    },
  }),
  defaultOptions: {
    queries: {
      // Briefly fresh: components mounting together share one request; writes invalidate anyway.
      staleTime: 2_000,
      retry: (failures, err) => failures < 1 && isTransient(err),
      retryDelay: 500,
      refetchOnWindowFocus: true,
    },
    mutations: { retry: false },
  },
});

/** Provides the client; inside antd's <App> so that errors can be shown with its message API. */
export function QueryProvider({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ErrorReporter />
      <RefetchOnLocaleChange />
      {children}
    </QueryClientProvider>
  );
}

function ErrorReporter() {
  const onError = useErrorHandler();
  useEffect(() => {
    report = onError;
  }, [onError]);
  return null;
}

/** Titles and messages come from the server in the interface language: refetch when it changes. */
function RefetchOnLocaleChange() {
  const { locale } = useI18n();
  const client = useQueryClient();
  const first = useRef(locale);
  useEffect(() => {
    if (first.current === locale) return;
    first.current = locale;
    void client.invalidateQueries();
  }, [client, locale]);
  return null;
}
