// Turns extracted tasks and atoms into proposal rows: time span, project classification, priority rules,
// similarity to existing tasks; drops items whose messages were already proposed.
import type { Config } from '../../config.js'
import { applyPriorityRules, classifyProject, type ProjectView } from '../projects/index.js'
import { findStatedDueDate, taskPriorities } from '../tasks/index.js'
import type { Batch } from './batching.js'
import type { ExtractedAtom, ExtractedTask } from './extract.js'
import { findSimilarTasks, type ExistingTask } from './similarity.js'

export type ProposalDraft = {
  kind: 'task' | 'atom'
  atomType: string | null
  title: string
  description: string
  priority: string
  category: string
  tags: string[]
  subTasks: Array<{ title: string }>
  dueDate: string | null
  assigneeName: string | null
  sourceMessageIds: string[]
  messageCount: number
  timeSpanSeconds: number
  confidence: number
  reasoning: string
  llmRecommendation: string
  similarityType: string
  similarityScore: number | null
  similarTaskId: string | null
  proposedProjectId: string | null
  projectKeywordsMatched: string[]
  projectClassificationConfidence: number
  batchIndex: number
}

export type BuildContext = {
  config: Pick<Config, 'embedder'>
  batch: Batch
  /** The run's project (from its snapshot), or every active project to classify against. */
  runProject: ProjectView | null
  projects: ProjectView[]
  existingTasks: ExistingTask[]
  /** Source-message sets of proposals that already exist (any run), to never propose the same messages twice. */
  proposedMessageSets: string[][]
}

const clamp01 = (n: number) => Math.max(0, Math.min(1, n))

/**
 * Priority from evidence beyond the words of the request: the project's priority rules, and who asked — a request
 * from the project's PM is raised one level (to high at most). Returns the notes the why line gains.
 */
export function evidencePriority(
  text: string,
  extracted: string,
  project: ProjectView | null,
  authors: string[],
): { priority: string; notes: string[] } {
  const notes: string[] = []
  let priority = applyPriorityRules(text, extracted as Parameters<typeof applyPriorityRules>[1], project) as string
  if (priority !== extracted) notes.push(`project "${project?.name}" priority rule: ${priority}`)
  const pm = project?.pmName?.trim().toLowerCase()
  if (pm && authors.some((author) => author.toLowerCase() === pm || author.toLowerCase().split(/\s+/)[0] === pm)) {
    const level = taskPriorities.indexOf(priority as (typeof taskPriorities)[number])
    if (level >= 0 && level < 2) priority = taskPriorities[level + 1]
    notes.push(`asked by the project's PM (${project!.pmName})`)
  }
  return { priority, notes }
}

/** The evidence of an atom, quoted: who said it and the words it rests on (not a fixed phrase). */
function atomWhy(atom: ExtractedAtom, byId: Map<string, Batch['messages'][number]>): string {
  const authors = [...new Set(atom.source_message_ids.map((id) => byId.get(id)?.author).filter((a): a is string => !!a))]
  const quote = atom.content.replace(/\s+/g, ' ').trim()
  const short = quote.length > 220 ? `${quote.slice(0, 220).replace(/\s+\S*$/, '')}…` : quote
  return `${atom.type} from ${atom.source_message_ids.length} message(s)${authors.length ? ` by ${authors.slice(0, 3).join(', ')}` : ''}: "${short}"`
}

function coveredByEarlierProposal(ids: string[], sets: string[][]): boolean {
  return sets.some((set) => ids.every((id) => set.includes(id)))
}

export async function buildProposals(
  build: BuildContext,
  extracted: { tasks: ExtractedTask[]; atoms: ExtractedAtom[] },
): Promise<ProposalDraft[]> {
  const byId = new Map(build.batch.messages.map((m) => [m.id, m]))
  const sourceText = (ids: string[]) => ids.map((id) => byId.get(id)?.content ?? '').join('\n')
  const span = (ids: string[]) => {
    const times = ids.map((id) => Date.parse(byId.get(id)!.sentAt))
    return Math.round((Math.max(...times) - Math.min(...times)) / 1000)
  }
  const latest = (ids: string[]) => new Date(Math.max(...ids.map((id) => Date.parse(byId.get(id)!.sentAt))))

  const classify = (text: string) => {
    if (build.runProject) {
      const match = classifyProject(text, [{ ...build.runProject, isActive: true }])
      return {
        projectId: build.runProject.id,
        matched: match?.matchedKeywords ?? [],
        confidence: match?.confidence ?? 0,
        project: build.runProject,
      }
    }
    const match = classifyProject(text, build.projects)
    const project = match ? (build.projects.find((p) => p.id === match.projectId) ?? null) : null
    return { projectId: match?.projectId ?? null, matched: match?.matchedKeywords ?? [], confidence: match?.confidence ?? 0, project }
  }

  const drafts: ProposalDraft[] = []
  const seen = [...build.proposedMessageSets]
  for (const task of extracted.tasks) {
    const ids = task.source_message_ids
    if (coveredByEarlierProposal(ids, seen)) continue
    seen.push(ids)
    const text = `${task.title}\n${task.description}\n${sourceText(ids)}`
    const project = classify(text)
    const authors = ids.map((id) => byId.get(id)?.author).filter((a): a is string => !!a)
    const evidence = evidencePriority(text, task.priority, project.project, authors)
    const stated =
      task.due_date && !Number.isNaN(Date.parse(task.due_date)) ? new Date(task.due_date) : findStatedDueDate(sourceText(ids), latest(ids))
    drafts.push({
      kind: 'task',
      atomType: null,
      title: task.title.slice(0, 500),
      description: task.description,
      priority: evidence.priority,
      category: task.category,
      tags: task.tags,
      subTasks: task.sub_tasks.map((title) => ({ title })),
      dueDate: stated ? stated.toISOString() : null,
      assigneeName: task.assignee,
      sourceMessageIds: ids,
      messageCount: ids.length,
      timeSpanSeconds: span(ids),
      confidence: clamp01(task.confidence),
      reasoning: evidence.notes.length ? `${task.reasoning}; ${evidence.notes.join('; ')}` : task.reasoning,
      llmRecommendation: task.recommendation,
      similarityType: 'none',
      similarityScore: null,
      similarTaskId: null,
      proposedProjectId: project.projectId,
      projectKeywordsMatched: project.matched,
      projectClassificationConfidence: project.confidence,
      batchIndex: build.batch.index,
    })
  }
  for (const atom of extracted.atoms) {
    const ids = atom.source_message_ids
    const project = classify(`${atom.title}\n${atom.content}`)
    drafts.push({
      kind: 'atom',
      atomType: atom.type,
      title: atom.title.slice(0, 200),
      description: atom.content,
      priority: 'medium',
      category: atom.type === 'question' ? 'question' : 'chore',
      tags: atom.tags,
      subTasks: [],
      dueDate: null,
      assigneeName: null,
      sourceMessageIds: ids,
      messageCount: ids.length,
      timeSpanSeconds: span(ids),
      confidence: clamp01(atom.confidence),
      reasoning: atomWhy(atom, byId),
      llmRecommendation: 'new_task',
      similarityType: 'none',
      similarityScore: null,
      similarTaskId: null,
      proposedProjectId: project.projectId,
      projectKeywordsMatched: project.matched,
      projectClassificationConfidence: project.confidence,
      batchIndex: build.batch.index,
    })
  }
  const taskDrafts = drafts.filter((d) => d.kind === 'task')
  const similarities = await findSimilarTasks(
    build.config,
    taskDrafts.map((d) => ({ text: `${d.title}\n${d.description}`, sourceIds: d.sourceMessageIds })),
    build.existingTasks,
  )
  taskDrafts.forEach((draft, i) => {
    const s = similarities[i]
    draft.similarityType = s.type
    draft.similarityScore = s.score
    draft.similarTaskId = s.taskId
  })
  return drafts
}
