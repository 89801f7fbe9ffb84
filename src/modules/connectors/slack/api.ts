// The Slack Web API methods the connector calls, with the bot token as a Bearer header. Slack answers HTTP 200
// with {ok: false, error} for most failures (thrown here as SlackApiError) and 429 with Retry-After when rate
// limited (waited out by rest-client). Lists page with response_metadata.next_cursor.
import { requestJson, type RestOptions } from '../rest-client.js'

export const defaultSlackApiRoot = 'https://slack.com/api'

export type SlackObject = Record<string, any>

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
  ) {
    super(`Slack ${method} failed: ${code}`)
  }
}

export type SlackPage = { items: SlackObject[]; nextCursor: string | null }

export type SlackApi = {
  authTest(): Promise<SlackObject>
  conversationsList(cursor?: string): Promise<SlackPage>
  /** Messages newer than `oldest` (exclusive), newest first, as Slack returns them. */
  conversationsHistory(channel: string, oldest: string | undefined, cursor?: string): Promise<SlackPage>
  /** A thread: its parent first, then the replies. */
  conversationsReplies(channel: string, ts: string, cursor?: string): Promise<SlackPage>
  usersInfo(user: string): Promise<SlackObject>
}

export function slackApi(input: { token: string; apiRoot?: string; rest?: Pick<RestOptions, 'sleep' | 'maxWaitSeconds'> }): SlackApi {
  const root = (input.apiRoot ?? defaultSlackApiRoot).replace(/\/+$/, '')
  const call = async (method: string, params: Record<string, string | undefined>) => {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined))
    const { body } = await requestJson<SlackObject>(`${root}/${method}?${query}`, {
      headers: { authorization: `Bearer ${input.token}` },
      ...input.rest,
    })
    if (!body?.ok) throw new SlackApiError(method, String(body?.error ?? 'unknown_error'))
    return body
  }
  const page = (body: SlackObject, key: string): SlackPage => ({
    items: Array.isArray(body[key]) ? body[key] : [],
    nextCursor: body.response_metadata?.next_cursor || null,
  })
  return {
    authTest: () => call('auth.test', {}),
    conversationsList: async (cursor) =>
      page(
        await call('conversations.list', { types: 'public_channel,private_channel', exclude_archived: 'false', limit: '200', cursor }),
        'channels',
      ),
    conversationsHistory: async (channel, oldest, cursor) =>
      page(await call('conversations.history', { channel, oldest, limit: '200', cursor }), 'messages'),
    conversationsReplies: async (channel, ts, cursor) =>
      page(await call('conversations.replies', { channel, ts, limit: '200', cursor }), 'messages'),
    usersInfo: async (user) => (await call('users.info', { user })).user ?? {},
  }
}
