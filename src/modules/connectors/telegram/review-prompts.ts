// Review from Telegram (seed 2 pending confirmations): linked reviewers get the pending proposals they have not
// been shown yet, batched into one message with Approve / Reject buttons per proposal and an Open link.
// Button presses call the analysis module's review service, so a proposal is never reviewed twice.
import type { Bot } from 'grammy'
import type { InlineKeyboardButton } from 'grammy/types'
import type { ServiceContext } from '../../../lib/context.js'
import { ConflictError } from '../../../lib/errors.js'
import { getProposal, listProposals, reviewProposal, type ProposalView } from '../../analysis/index.js'
import { findUsername } from '../../identity/index.js'
import type { ConnectedSource } from '../connector.js'

export const maxProposalsPerPrompt = 8

export function reviewCallbackData(action: 'approve' | 'reject', proposalId: string): string {
  return `rv:${action === 'approve' ? 'a' : 'r'}:${proposalId}`
}

export function parseReviewCallback(data: string): { action: 'approve' | 'reject'; proposalId: string } | null {
  const match = /^rv:([ar]):([0-9a-f-]{36})$/.exec(data)
  return match ? { action: match[1] === 'a' ? 'approve' : 'reject', proposalId: match[2] } : null
}

function keyboardFor(proposals: ProposalView[], publicUrl: string | undefined): InlineKeyboardButton[][] {
  return proposals.map((p, index) => {
    const row: InlineKeyboardButton[] = [
      { text: `✅ ${index + 1}`, callback_data: reviewCallbackData('approve', p.id) },
      { text: `❌ ${index + 1}`, callback_data: reviewCallbackData('reject', p.id) },
    ]
    if (publicUrl) row.push({ text: `Open ${index + 1}`, url: `${publicUrl}/inbox?proposal=${p.id}` })
    return row
  })
}

function promptText(proposals: ProposalView[]): string {
  const lines = proposals.map(
    (p, i) => `${i + 1}. ${p.title} (${p.kind}${p.atomType ? `/${p.atomType}` : ''}, ${Math.round(p.confidence * 100)}%)`,
  )
  return `${proposals.length} proposal${proposals.length === 1 ? '' : 's'} to review:\n${lines.join('\n')}`
}

/** Sends each linked reviewer (or the one chat given) the pending proposals not yet shown to them. */
export async function sendReviewPrompts(
  ctx: ServiceContext,
  source: ConnectedSource,
  bot: Bot,
  options: { chatId?: string } = {},
): Promise<{ messages: number; proposals: number }> {
  const reviewers = await ctx.database.query<{ chat_id: string }>(
    `SELECT chat_id FROM telegram_connections WHERE source_id = $1 AND workspace_id = $2 AND reviews AND ($3::text IS NULL OR chat_id = $3)`,
    [source.id, ctx.workspaceId, options.chatId ?? null],
  )
  if (reviewers.length === 0) return { messages: 0, proposals: 0 }
  const pending = (await listProposals(ctx, { status: 'pending', sort: 'created', limit: 200, offset: 0 })).items
  let messages = 0
  let proposals = 0
  for (const { chat_id: chatId } of reviewers) {
    const shown = new Set(
      (
        await ctx.database.query<{ proposal_id: string }>(
          `SELECT proposal_id FROM telegram_review_prompts WHERE source_id = $1 AND chat_id = $2`,
          [source.id, chatId],
        )
      ).map((r) => r.proposal_id),
    )
    const fresh = pending.filter((p) => !shown.has(p.id)).slice(0, maxProposalsPerPrompt)
    if (fresh.length === 0) continue
    const sent = await bot.api.sendMessage(chatId, promptText(fresh), {
      reply_markup: { inline_keyboard: keyboardFor(fresh, ctx.config.publicUrl) },
    })
    await ctx.database.query(
      `INSERT INTO telegram_review_prompts (workspace_id, source_id, proposal_id, chat_id, message_id)
       SELECT $1, $2, value::uuid, $3, $4 FROM jsonb_array_elements_text($5::jsonb) ON CONFLICT DO NOTHING`,
      [ctx.workspaceId, source.id, chatId, sent.message_id, JSON.stringify(fresh.map((p) => p.id))],
    )
    messages++
    proposals += fresh.length
  }
  return { messages, proposals }
}

async function reviewerName(ctx: Pick<ServiceContext, 'database'>, by: string | null): Promise<string> {
  const userId = by?.startsWith('user:') ? by.slice(5) : null
  if (!userId) return by ?? 'someone'
  return (await findUsername(ctx, userId)) ?? by!
}

/** A button press: review once; a second press, or a proposal reviewed elsewhere, says who reviewed it and when. */
export async function reviewFromButton(
  userCtx: ServiceContext,
  input: { action: 'approve' | 'reject'; proposalId: string },
): Promise<{ text: string; reviewedNow: boolean }> {
  try {
    const reviewed = await reviewProposal(
      userCtx,
      input.proposalId,
      input.action === 'approve' ? { action: 'approve' } : { action: 'reject', reason: 'Rejected from Telegram' },
    )
    return { text: `${reviewed.status === 'approved' ? 'Approved' : 'Rejected'}: ${reviewed.title}`, reviewedNow: true }
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error
    const proposal = await getProposal(userCtx, input.proposalId)
    const who = await reviewerName(userCtx, proposal.review.by)
    return { text: `Already ${proposal.status} by ${who} at ${proposal.review.at?.slice(0, 16).replace('T', ' ')} UTC`, reviewedNow: false }
  }
}

/** The prompt's buttons without the proposals that are no longer pending. */
export async function remainingKeyboard(ctx: ServiceContext, rows: InlineKeyboardButton[][]): Promise<InlineKeyboardButton[][]> {
  const kept: InlineKeyboardButton[][] = []
  for (const row of rows) {
    const first = row[0] && 'callback_data' in row[0] ? parseReviewCallback(row[0].callback_data) : null
    if (!first) continue
    const proposal = await getProposal(ctx, first.proposalId).catch(() => null)
    if (proposal?.status === 'pending') kept.push(row)
  }
  return kept
}
