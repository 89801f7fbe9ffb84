// Cursor-paginated lists ({ items, nextCursor } from the API) with "load more", reset when the filters change.
import { useCallback, useEffect, useRef, useState } from 'react'

export type Page<T> = { items: T[]; nextCursor: string | null }

export type PagedList<T> = {
  items: T[]
  loading: boolean
  error: Error | null
  hasMore: boolean
  loaded: boolean
  loadMore: () => void
  reload: () => void
  update: (change: (items: T[]) => T[]) => void
}

export function usePagedList<T>(loadPage: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]): PagedList<T> {
  const [items, setItems] = useState<T[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const [version, setVersion] = useState(0)
  const generation = useRef(0)
  const loader = useRef(loadPage)
  loader.current = loadPage

  const fetchPage = useCallback((after: string | undefined, replace: boolean) => {
    const call = generation.current
    setLoading(true)
    setError(null)
    loader.current(after).then(
      (page) => {
        if (call !== generation.current) return
        setItems((old) => (replace ? page.items : [...old, ...page.items]))
        setCursor(page.nextCursor)
        setLoading(false)
        setLoaded(true)
      },
      (e: Error) => {
        if (call !== generation.current) return
        setError(e)
        setLoading(false)
      },
    )
  }, [])

  useEffect(() => {
    generation.current++
    setLoaded(false)
    fetchPage(undefined, true)
    // deps are the caller's list (plus the reload counter)
  }, [...deps, version])

  return {
    items,
    loading,
    error,
    loaded,
    hasMore: cursor !== null,
    loadMore: () => cursor && !loading && fetchPage(cursor, false),
    reload: () => setVersion((v) => v + 1),
    update: (change) => setItems(change),
  }
}
