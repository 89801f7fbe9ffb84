// GitHub REST objects and webhook payloads (the same issue, pull request and comment objects in both) mapped to
// github_issues / pull_requests rows and to messages: one conversation per issue or pull request
// (`<owner>/<repo>#<number>`), its body as the first message, comments, reviews and review comments after it;
// discussions likewise (`<owner>/<repo>/discussions/<number>`); pushes as one message per commit in the branch's
// conversation.
import type { IngestMessage } from '../../messages/index.js'

export type GithubObject = Record<string, any>

export type ItemRecord = {
  kind: 'issue' | 'pull_request'
  repository: string
  githubId: number
  number: number
  title: string
  body: string | null
  state: string
  labels: string[]
  assignee: string | null
  author: string | null
  url: string | null
  createdAt: string | null
  updatedAt: string | null
  closedAt: string | null
  // Pull requests only.
  branchFrom?: string
  branchTo?: string
  isDraft?: boolean
  merged?: boolean
  mergedAt?: string | null
}

export const itemConversationId = (repository: string, number: number) => `${repository}#${number}`

/** An issue object (REST or webhook); the issues list also returns pull requests, marked by `pull_request`. */
export function toItemRecord(repository: string, issue: GithubObject, pull?: GithubObject): ItemRecord {
  const source = pull ?? issue
  const isPull = Boolean(pull || issue.pull_request)
  const record: ItemRecord = {
    kind: isPull ? 'pull_request' : 'issue',
    repository,
    githubId: source.id,
    number: source.number,
    title: String(source.title ?? '').slice(0, 500),
    body: source.body ?? null,
    state: source.state ?? 'open',
    labels: Array.isArray(source.labels)
      ? source.labels.map((l: GithubObject | string) => (typeof l === 'string' ? l : String(l.name)))
      : [],
    assignee: source.assignee?.login ?? null,
    author: source.user?.login ?? null,
    url: source.html_url ?? null,
    createdAt: source.created_at ?? null,
    updatedAt: source.updated_at ?? null,
    closedAt: source.closed_at ?? null,
  }
  if (pull) {
    Object.assign(record, {
      branchFrom: pull.head?.ref ?? '',
      branchTo: pull.base?.ref ?? '',
      isDraft: Boolean(pull.draft),
      merged: Boolean(pull.merged ?? pull.merged_at),
      mergedAt: pull.merged_at ?? null,
    })
  }
  return record
}

const author = (user: GithubObject | null | undefined): IngestMessage['author'] =>
  user?.login
    ? { externalId: String(user.login), username: String(user.login), displayName: String(user.login), isBot: user.type === 'Bot' }
    : undefined

function conversationRef(
  repository: string,
  item: { number: number; title: string },
  kind: 'issue' | 'pull_request' | 'discussion',
): IngestMessage['conversation'] {
  const prefix = kind === 'pull_request' ? 'PR' : kind === 'discussion' ? 'Discussion' : 'Issue'
  return {
    externalId: kind === 'discussion' ? `${repository}/discussions/${item.number}` : itemConversationId(repository, item.number),
    // A comment read on its own (the backfill's repository-wide comment lists) does not know its item's title.
    title: item.title ? `${prefix} #${item.number}: ${item.title}`.slice(0, 1024) : undefined,
    kind: 'thread',
  }
}

/** The issue's or pull request's own text, the first message of its conversation. */
export function itemBodyMessage(item: ItemRecord, raw: GithubObject): IngestMessage {
  return {
    externalId: `${item.kind === 'pull_request' ? 'pull' : 'issue'}:${item.repository}#${item.number}`,
    conversation: conversationRef(item.repository, item, item.kind),
    author: author(raw.user),
    sentAt: item.createdAt ?? new Date().toISOString(),
    content: `${item.title}\n\n${item.body ?? ''}`.trim(),
    editedAt: item.updatedAt && item.updatedAt !== item.createdAt ? item.updatedAt : undefined,
    raw: { github: { kind: item.kind, number: item.number, url: item.url, state: item.state } },
  }
}

/** An issue comment, review comment, review or discussion comment, in the conversation of its item. */
export function commentMessage(
  repository: string,
  item: { number: number; title: string },
  kind: 'issue' | 'pull_request' | 'discussion',
  comment: GithubObject,
  commentKind: 'comment' | 'review' | 'review_comment' | 'discussion_comment',
): IngestMessage | null {
  const text = typeof comment.body === 'string' ? comment.body : ''
  if (!text && commentKind !== 'review') return null
  const at = comment.submitted_at ?? comment.created_at
  return {
    externalId: `${commentKind}:${comment.id}`,
    conversation: conversationRef(repository, item, kind),
    author: author(comment.user),
    sentAt: at ?? new Date().toISOString(),
    content: commentKind === 'review' ? `Review (${String(comment.state ?? '').toLowerCase()})${text ? `: ${text}` : ''}` : text,
    contentKind: commentKind === 'review' && !text ? 'service' : 'text',
    editedAt: comment.updated_at && comment.updated_at !== comment.created_at ? comment.updated_at : undefined,
    raw: { github: { kind: commentKind, id: comment.id, url: comment.html_url ?? null, path: comment.path ?? null } },
  }
}

export function discussionMessage(repository: string, discussion: GithubObject): IngestMessage {
  return {
    externalId: `discussion:${repository}#${discussion.number}`,
    conversation: conversationRef(repository, discussion as { number: number; title: string }, 'discussion'),
    author: author(discussion.user),
    sentAt: discussion.created_at,
    content: `${discussion.title}\n\n${discussion.body ?? ''}`.trim(),
    raw: {
      github: {
        kind: 'discussion',
        number: discussion.number,
        url: discussion.html_url ?? null,
        category: discussion.category?.name ?? null,
      },
    },
  }
}

export function commitMessages(repository: string, push: GithubObject): IngestMessage[] {
  const branch = String(push.ref ?? '').replace(/^refs\/heads\//, '')
  return (Array.isArray(push.commits) ? push.commits : []).map((commit: GithubObject) => ({
    externalId: `commit:${commit.id}`,
    conversation: { externalId: `${repository}@${branch}`, title: `${repository} ${branch}`, kind: 'channel' as const },
    author: commit.author?.username
      ? {
          externalId: String(commit.author.username),
          username: String(commit.author.username),
          displayName: commit.author.name ?? undefined,
          email: commit.author.email ?? undefined,
        }
      : undefined,
    sentAt: commit.timestamp,
    content: String(commit.message ?? ''),
    raw: { github: { kind: 'commit', sha: commit.id, url: commit.url ?? null } },
  }))
}
