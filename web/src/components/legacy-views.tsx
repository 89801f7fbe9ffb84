// TEMPORARY: the loading/empty/error views over useAsync and usePagedList, for the pages not yet moved to
// TanStack Query (states.tsx and paged.tsx hold the new ones). Deleted when the last page has moved.
import type { ReactNode } from 'react'
import type { PagedList } from '../lib/use-paged-list'
import { Empty, ErrorMessage, Loading } from './states'

export function LegacyPagedView<T>({ list, empty, children }: { list: PagedList<T>; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  if (!list.loaded && list.error) return <ErrorMessage error={list.error} onRetry={list.reload} />
  if (!list.loaded) return <Loading />
  return (
    <>
      {list.items.length === 0 ? <Empty>{empty}</Empty> : children(list.items)}
      {list.error && <ErrorMessage error={list.error} onRetry={list.loadMore} />}
      {list.hasMore && (
        <div className="load-more">
          <button type="button" onClick={list.loadMore} disabled={list.loading}>
            {list.loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  )
}

/** Renders the right state for an async value, or children when it has loaded. */
export function LegacyAsyncView<T>({
  state,
  children,
  isEmpty,
  empty,
}: {
  state: { loading: boolean; error: Error | null; value: T | undefined; reload: () => void }
  children: (value: T) => ReactNode
  isEmpty?: (value: T) => boolean
  empty?: ReactNode
}) {
  if (state.error && state.value === undefined) return <ErrorMessage error={state.error} onRetry={state.reload} />
  if (state.value === undefined) return <Loading />
  if (isEmpty?.(state.value)) return <Empty>{empty ?? 'Nothing here yet.'}</Empty>
  return (
    <>
      {state.error && <ErrorMessage error={state.error} onRetry={state.reload} />}
      {children(state.value)}
    </>
  )
}
