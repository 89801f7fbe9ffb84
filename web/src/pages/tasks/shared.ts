// What the task views share: the task type, status labels and the workspace's projects.
import { api, type ApiItem } from '../../api/client'
import { useSession } from '../../session'

export type Task = ApiItem<'get', '/api/v1/tasks'>

export const label = (status: string) => status.replace('_', ' ')

export function useProjects() {
  const session = useSession()
  return api.useQuery('get', '/api/v1/projects', {}, { enabled: session.can('get', '/api/v1/projects'), select: (r) => r.items })
}
