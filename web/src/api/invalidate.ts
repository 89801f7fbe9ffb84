// After a change, the cached answers of the GET operations it affects are refetched (by path, any parameters).
import { useQueryClient } from '@tanstack/react-query'
import type { ApiPath } from './client'

export function useInvalidate() {
  const queryClient = useQueryClient()
  return (...paths: ApiPath[]) => Promise.all(paths.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })))
}
