// The choices of a task's status, priority and category, in the order the UI lists them; checked against the
// API's own enums (schema.d.ts), so a value the server does not know fails the web typecheck.
import type { paths } from '../api/client'

type TaskFilters = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>

export const taskStatuses = [
  'open',
  'in_progress',
  'testing',
  'review',
  'done',
  'cancelled',
  'failed',
] as const satisfies readonly NonNullable<TaskFilters['status']>[]
export const taskPriorities = ['low', 'medium', 'high', 'critical'] as const satisfies readonly NonNullable<TaskFilters['priority']>[]
export const taskCategories = ['bug', 'feature', 'improvement', 'question', 'chore'] as const satisfies readonly NonNullable<
  TaskFilters['category']
>[]
export const taskKinds = ['task', 'system_upgrade', 'system_fix'] as const satisfies readonly NonNullable<TaskFilters['kind']>[]
export const taskSources = [
  'manual',
  'email',
  'meeting',
  'telegram',
  'slack',
  'chatwoot',
  'github',
  'document',
  'note',
  'analysis',
] as const satisfies readonly NonNullable<TaskFilters['source']>[]
