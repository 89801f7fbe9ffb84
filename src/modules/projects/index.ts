// What other modules may use of projects.
export { projects, projectStatuses, projectTypes } from './schema.js'
export type { ProjectComponent, PriorityRules } from './schema.js'
export { createProject, listProjects, getProject, findProjectByIdOrName, updateProject, deleteProject } from './service.js'
export type { ProjectView } from './service.js'
export { classifyProject, applyPriorityRules, projectTerms } from './classify.js'
export type { ProjectMatch, Priority } from './classify.js'
export { projectInputSchema, projectPatchSchema } from './project-schema.js'
export type { ProjectInput, ProjectPatch } from './project-schema.js'
