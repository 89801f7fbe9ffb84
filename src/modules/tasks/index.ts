// What other modules may use of tasks.
export { tasks, taskMessages, taskHistory, taskStatuses, taskPriorities, taskCategories, taskSources, taskKinds } from './schema.js'
export type { TaskSource, TaskKind } from './schema.js'
export {
  actorLabel,
  appendToTaskWith,
  createTask,
  createTaskWith,
  deleteTask,
  getTask,
  getTaskHistory,
  linkTaskMessages,
  listTasks,
  listTasksForSimilarity,
  updateTask,
  updateTaskWith,
  taskExists,
  reassignPersonTasksWith,
} from './service.js'
export type { TaskDetail, TaskHistoryEntry, TaskView } from './service.js'
export { linkTaskGithubIssue } from './github-issue-link.js'
export type { TaskGithubIssue } from './schema.js'
export { taskInputSchema, taskPatchSchema, taskFiltersSchema } from './task-schema.js'
export type { TaskInput, TaskPatch, TaskFilters } from './task-schema.js'
export { findStatedDueDate } from './due-date.js'
export { formatIssues } from './format.js'
export { taskSourceOfSourceType } from './task-source.js'
