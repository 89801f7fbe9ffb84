// Places a piece of text in a project by its keywords, glossary terms and component names (seed 0 project
// classification: matched keywords + confidence), and applies the project's priority rules.
import type { ProjectView } from './service.js'

export type ProjectMatch = { projectId: string; matchedKeywords: string[]; confidence: number }

const normalise = (s: string) => s.toLowerCase().normalize('NFKC')

function containsTerm(text: string, term: string): boolean {
  const t = normalise(term).trim()
  if (!t) return false
  // Word boundaries for plain words; substring for terms with symbols (e.g. "k8s.io", "C++").
  if (/^[\p{L}\p{N} _-]+$/u.test(t)) {
    const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(text)
  }
  return text.includes(t)
}

/** Terms that identify a project: its keywords, glossary terms, component names and its own name. */
export function projectTerms(project: ProjectView): string[] {
  const terms = [
    project.name,
    ...project.keywords,
    ...Object.keys(project.glossary),
    ...project.components.flatMap((c) => [c.name, ...(c.keywords ?? [])]),
  ]
  return [...new Set(terms.map((t) => t.trim()).filter(Boolean))]
}

/** The best-matching project, or null when no term of any project occurs in the text. */
export function classifyProject(text: string, projects: ProjectView[]): ProjectMatch | null {
  const haystack = normalise(text)
  let best: ProjectMatch | null = null
  for (const project of projects) {
    if (!project.isActive) continue
    const terms = projectTerms(project)
    const matched = terms.filter((term) => containsTerm(haystack, term))
    if (matched.length === 0) continue
    // Two distinct terms are strong evidence; one term alone is a weak hint.
    const confidence = Math.min(1, 0.4 + 0.25 * (matched.length - 1))
    if (!best || confidence > best.confidence || (confidence === best.confidence && matched.length > best.matchedKeywords.length)) {
      best = { projectId: project.id, matchedKeywords: matched, confidence: Number(confidence.toFixed(2)) }
    }
  }
  return best
}

const priorityOrder = ['low', 'medium', 'high', 'critical'] as const
export type Priority = (typeof priorityOrder)[number]

/** Raises (or lowers) a priority when the project's rules name a word found in the text. */
export function applyPriorityRules(text: string, priority: Priority, project: ProjectView | null): Priority {
  if (!project) return priority
  const haystack = normalise(text)
  const rules = project.priorityRules
  if (rules.critical?.some((w) => containsTerm(haystack, w))) return 'critical'
  if (rules.high?.some((w) => containsTerm(haystack, w))) return priorityOrder.indexOf(priority) < 2 ? 'high' : priority
  if (rules.low?.some((w) => containsTerm(haystack, w))) return 'low'
  return priority
}
