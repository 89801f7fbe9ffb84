// Deliverables mentioned in a file (seed 002 file_deliverable_tracking): a project code ("CTS010", "SOBI036") in the
// file's name, path or opening text, with the kind of deliverable and its status as the name or text states them
// ("..._report_v2_FINAL.docx" -> report, final). Only what is written is recorded: no code, no deliverable.
import type { Queryable } from '../../db/transaction.js'
import type { DeliverableStatus } from './schema.js'
import type { ProjectView } from '../projects/index.js'

export type DeliverableMention = { projectCode: string; deliverableType: string; status: DeliverableStatus }

const projectCode = /\b([A-Z]{2,6}\d{3,4})\b/g
const deliverableTypes: Array<[string, RegExp]> = [
  ['report', /\breport\b/i],
  ['presentation', /\b(presentation|slides|deck)\b/i],
  ['analysis', /\banalys[ie]s\b/i],
  ['proposal', /\bproposal\b/i],
  ['contract', /\b(contract|agreement)\b/i],
  ['specification', /\b(spec|specification|requirements)\b/i],
  ['plan', /\bplan\b/i],
  ['minutes', /\bminutes\b/i],
]
const statusWords: Array<[DeliverableStatus, RegExp]> = [
  ['final', /(\b|_)(final|approved|signed)(\b|_)/i],
  ['review', /(\b|_)(review|for comments|rc\d*)(\b|_)/i],
  ['draft', /(\b|_)(draft|wip)(\b|_)/i],
]

/** Mentions found in the path (strongest) and the first lines of the text. */
export function findDeliverables(input: { path: string; markdown: string; fileType: string }): DeliverableMention[] {
  const head = input.markdown.slice(0, 2000)
  const words = `${input.path.replace(/[_\-.]+/g, ' ')}\n${head}`
  const codes = [...new Set([...`${input.path}\n${head}`.matchAll(projectCode)].map((m) => m[1]))]
  if (codes.length === 0) return []
  const type =
    deliverableTypes.find(([, pattern]) => pattern.test(input.path.replace(/[_\-.]+/g, ' ')))?.[0] ??
    deliverableTypes.find(([, pattern]) => pattern.test(head))?.[0] ??
    (input.fileType === 'pptx' ? 'presentation' : 'document')
  const status =
    statusWords.find(([, pattern]) => pattern.test(input.path))?.[0] ?? statusWords.find(([, p]) => p.test(words))?.[0] ?? 'draft'
  return codes.slice(0, 5).map((code) => ({ projectCode: code, deliverableType: type, status }))
}

/** The project a code names: one whose name or keywords contain it. */
export function projectForCode(code: string, projects: ProjectView[]): string | null {
  const found = projects.find((p) => p.name.toUpperCase().includes(code) || p.keywords.some((k) => k.toUpperCase() === code))
  return found?.id ?? null
}

/** Replaces the file's mentions. */
export async function saveDeliverables(
  q: Queryable,
  workspaceId: string,
  fileId: string,
  mentions: Array<DeliverableMention & { projectId: string | null }>,
) {
  await q.query(`DELETE FROM file_deliverables WHERE workspace_id = $1 AND file_id = $2`, [workspaceId, fileId])
  if (mentions.length === 0) return
  await q.query(
    `INSERT INTO file_deliverables (workspace_id, file_id, project_code, deliverable_type, status, project_id)
     SELECT $1, $2, r.project_code, r.deliverable_type, r.status, r.project_id
     FROM jsonb_to_recordset($3::jsonb) AS r(project_code text, deliverable_type text, status text, project_id uuid)
     ON CONFLICT (file_id, project_code, deliverable_type) DO NOTHING`,
    [
      workspaceId,
      fileId,
      JSON.stringify(
        mentions.map((m) => ({
          project_code: m.projectCode,
          deliverable_type: m.deliverableType,
          status: m.status,
          project_id: m.projectId,
        })),
      ),
    ],
  )
}
