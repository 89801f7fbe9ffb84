// A tiny history-API router: the app has a dozen flat pages, which does not justify a routing library.
import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from 'react'

type Location = { path: string; search: URLSearchParams }
const LocationContext = createContext<Location>({ path: '/', search: new URLSearchParams() })

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) }
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new PopStateEvent('popstate'))
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(current)
  useEffect(() => {
    const update = () => setLocation(current())
    window.addEventListener('popstate', update)
    return () => window.removeEventListener('popstate', update)
  }, [])
  return <LocationContext.Provider value={location}>{children}</LocationContext.Provider>
}

export const useLocation = () => useContext(LocationContext)

/** Matches '/conversations/:id' against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean)
  const b = path.split('/').filter(Boolean)
  if (a.length !== b.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i])
    else if (a[i] !== b[i]) return null
  }
  return params
}

/** Updates query parameters of the current page (filters live in the URL so they survive reloads). */
export function setSearchParams(changes: Record<string, string | null | undefined>, options: { replace?: boolean } = { replace: true }) {
  const params = new URLSearchParams(window.location.search)
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(key)
    else params.set(key, value)
  }
  const text = params.toString()
  navigate(`${window.location.pathname}${text ? `?${text}` : ''}`, options)
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(event) => {
        rest.onClick?.(event)
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
        event.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}
