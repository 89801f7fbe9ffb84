// Loading, empty, error and "not available" states, used by every page so they look and read the same.
import type { ReactNode } from 'react'
import { ApiError } from '../api/client'

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div className="state state-error" role="alert">
      <strong>{apiError?.status === 403 ? 'Not allowed' : 'Something went wrong'}:</strong> {message}
      {apiError && apiError.fieldMessages.length > 0 && (
        <ul>
          {apiError.fieldMessages.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}

/** Shown where this server does not offer the API a page needs (the module is not installed or not built yet). */
export function NotAvailable({ feature, path }: { feature: string; path: string }) {
  return (
    <div className="state state-unavailable" role="note">
      <strong>{feature} is not available on this server.</strong> It needs <code>{path}</code>, which the server's API does not offer yet.
    </div>
  )
}

/** Renders the right state for a query (TanStack Query), or children when it has loaded. */
export function AsyncView<T>({
  query,
  children,
  isEmpty,
  empty,
}: {
  query: { data: T | undefined; error: unknown; refetch: () => unknown }
  children: (value: T) => ReactNode
  isEmpty?: (value: T) => boolean
  empty?: ReactNode
}) {
  const retry = () => void query.refetch()
  if (query.error && query.data === undefined) return <ErrorMessage error={query.error} onRetry={retry} />
  if (query.data === undefined) return <Loading />
  if (isEmpty?.(query.data)) return <Empty>{empty ?? 'Nothing here yet.'}</Empty>
  return (
    <>
      {query.error != null && <ErrorMessage error={query.error} onRetry={retry} />}
      {children(query.data)}
    </>
  )
}
