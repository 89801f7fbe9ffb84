// A paginated list (TanStack Query's useInfiniteQuery over `{ items, ... }` pages) with its loading, empty and
// error states and a "Load more" button.
import type { ReactNode } from 'react'
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query'
import { Empty, ErrorMessage, Loading } from './states'

export type PagedQuery<T> = UseInfiniteQueryResult<InfiniteData<{ items: T[] }>, unknown>

/** Every item of the pages loaded so far. */
export function pagedItems<T>(query: PagedQuery<T>): T[] {
  return query.data?.pages.flatMap((page) => page.items) ?? []
}

/** Cursor paging: the next page starts at the last page's nextCursor (none when it is null). */
export const nextCursorOf = (page: { nextCursor?: string | null }) => page.nextCursor ?? undefined

export function PagedView<T>({ query, empty, children }: { query: PagedQuery<T>; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  if (!query.data && query.error) return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
  if (!query.data) return <Loading />
  const items = pagedItems(query)
  return (
    <>
      {items.length === 0 ? <Empty>{empty}</Empty> : children(items)}
      {query.error != null && (
        <ErrorMessage error={query.error} onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())} />
      )}
      {query.hasNextPage && (
        <div className="load-more">
          <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetching}>
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  )
}
