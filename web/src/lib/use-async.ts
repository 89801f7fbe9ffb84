// Loads data for a component with loading / error / value states and a reload(); stale responses are ignored.
import { useCallback, useEffect, useRef, useState } from 'react'

export type AsyncState<T> = {
  loading: boolean
  error: Error | null
  value: T | undefined
  reload: () => void
  setValue: (update: (value: T | undefined) => T | undefined) => void
}

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ loading: boolean; error: Error | null; value: T | undefined }>({
    loading: true,
    error: null,
    value: undefined,
  })
  const [version, setVersion] = useState(0)
  const latest = useRef(0)
  useEffect(() => {
    const call = ++latest.current
    setState((s) => ({ ...s, loading: true, error: null }))
    load().then(
      (value) => call === latest.current && setState({ loading: false, error: null, value }),
      (error: Error) => call === latest.current && setState((s) => ({ loading: false, error, value: s.value })),
    )
    // deps are the caller's list (plus the reload counter)
  }, [...deps, version])
  const reload = useCallback(() => setVersion((v) => v + 1), [])
  const setValue = useCallback((update: (value: T | undefined) => T | undefined) => setState((s) => ({ ...s, value: update(s.value) })), [])
  return { ...state, reload, setValue }
}

/** Polls `load` every `intervalMs` while `active` is true (import and analysis progress). */
export function useInterval(callback: () => void, intervalMs: number, active: boolean) {
  const saved = useRef(callback)
  saved.current = callback
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => saved.current(), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs, active])
}
