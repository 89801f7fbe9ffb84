// Wraps a cursor-paginated list with its loading, empty and error states and a "Load more" button.
import type { ReactNode } from 'react'
import type { PagedList } from '../lib/use-paged-list'
import { Empty, ErrorMessage, Loading } from './states'

export function PagedView<T>({ list, empty, children }: { list: PagedList<T>; empty: ReactNode; children: (items: T[]) => ReactNode }) {
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
