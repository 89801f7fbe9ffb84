// A document's project (seed 002 classification_confidence / classification_reasoning / pending_files): the
// projects' keywords, glossary and component names matched in the file's path, name and text (projects/classify).
// Sure enough -> the file is assigned; a weaker match -> a pending proposal of kind 'file_classification' in the one
// review inbox, and approving it (with the project possibly changed by the reviewer) assigns the file.
import type { Queryable } from '../../db/transaction.js'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { classifyProject, type ProjectView } from '../projects/index.js'
import { proposalStatusesByIds, proposeOfKind, registerProposalApprover } from '../analysis/index.js'

/** Two distinct project terms (classifyProject's 0.65) are enough to file a document without asking. */
export const autoAssignConfidence = 0.65

export type DocumentClassification = { projectId: string | null; confidence: number; reasoning: string; proposalId: string | null }

type ClassifiedFile = {
  id: string
  name: string
  path: string
  markdown: string
  messageId: string | null
  modifiedAt: Date | null
  classificationProposalId: string | null
}

export async function classifyDocument(
  ctx: ServiceContext,
  file: ClassifiedFile,
  projects: ProjectView[],
): Promise<DocumentClassification> {
  const match = classifyProject(`${file.path}\n${file.name}\n${file.markdown.slice(0, 20_000)}`, projects)
  if (!match)
    return {
      projectId: null,
      confidence: 0,
      reasoning: 'No project keyword, glossary term or component occurs in the file',
      proposalId: null,
    }
  const project = projects.find((p) => p.id === match.projectId)!
  const reasoning = `Mentions ${match.matchedKeywords.map((k) => `"${k}"`).join(', ')} of project ${project.name}`
  if (match.confidence >= autoAssignConfidence) return { projectId: project.id, confidence: match.confidence, reasoning, proposalId: null }
  // A proposal still waiting for this file is kept rather than asked again.
  if (file.classificationProposalId) {
    const status = (await proposalStatusesByIds(ctx, [file.classificationProposalId])).get(file.classificationProposalId)
    if (status && (status.status === 'pending' || status.status === 'held')) {
      return { projectId: null, confidence: match.confidence, reasoning, proposalId: file.classificationProposalId }
    }
  }
  if (!file.messageId) return { projectId: null, confidence: match.confidence, reasoning, proposalId: null }
  const proposalId = await proposeOfKind(ctx, {
    kind: 'file_classification',
    origin: 'document-classification',
    title: `File "${file.name}" belongs to project ${project.name}?`,
    description: `${file.path}\n\n${reasoning}. Approve to file the document under ${project.name} (or change the project first).`,
    confidence: match.confidence,
    reasoning,
    proposedProjectId: project.id,
    sourceMessageIds: [file.messageId],
    conversationId: null,
    sourceId: null,
    sentAt: file.modifiedAt ?? new Date(),
  })
  return { projectId: null, confidence: match.confidence, reasoning, proposalId }
}

/** Approving a file classification files the document under the (possibly edited) project. */
async function approveFileClassification(
  q: Queryable,
  ctx: ServiceContext,
  proposal: { id: string },
  approved: { projectId: string | null },
) {
  if (!approved.projectId)
    throw new ValidationError('Choose the project to file the document under', [{ path: 'edits.projectId', message: 'required' }])
  await q.query(
    `UPDATE files SET project_id = $3, classification_confidence = 1,
       classification_reasoning = coalesce(classification_reasoning, '') || ' (confirmed in review)', updated_at = now()
     WHERE workspace_id = $1 AND classification_proposal_id = $2`,
    [ctx.workspaceId, proposal.id, approved.projectId],
  )
}

registerProposalApprover('file_classification', approveFileClassification)
