// The Chatwoot Application API calls the connector makes, authenticated with a user's api_access_token header.
// Shapes (from Chatwoot's swagger and its dashboard fixtures): profile → {accounts: [...]}; contacts →
// {meta, payload}; conversations → {data: {meta, payload}}; messages → {meta, payload} in ascending id order.
import { requestJson, type RestOptions } from '../rest-client.js'
import type { ChatwootObject } from './records.js'

export type ChatwootApi = {
  profile(): Promise<ChatwootObject>
  contacts(page: number): Promise<ChatwootObject[]>
  conversations(page: number): Promise<ChatwootObject[]>
  /** Messages with an id greater than `afterId`, oldest first (Chatwoot's `after` parameter). */
  messagesAfter(conversationId: number, afterId: number): Promise<ChatwootObject[]>
  /** A private note (agents only) in a conversation: POST …/conversations/:id/messages {private: true}. */
  createPrivateNote(conversationId: number, content: string): Promise<ChatwootObject>
}

export function chatwootApi(input: {
  baseUrl: string
  accountId: number
  token: string
  rest?: Pick<RestOptions, 'sleep' | 'maxWaitSeconds'>
}): ChatwootApi {
  const root = input.baseUrl.replace(/\/+$/, '')
  const account = `${root}/api/v1/accounts/${input.accountId}`
  const get = async <T>(url: string) => (await requestJson<T>(url, { headers: { api_access_token: input.token }, ...input.rest })).body
  return {
    profile: () => get<ChatwootObject>(`${root}/api/v1/profile`),
    contacts: async (page) => (await get<{ payload?: ChatwootObject[] }>(`${account}/contacts?page=${page}&sort=created_at`)).payload ?? [],
    conversations: async (page) =>
      (
        await get<{ data?: { payload?: ChatwootObject[] } }>(
          `${account}/conversations?status=all&assignee_type=all&sort_by=last_activity_at_asc&page=${page}`,
        )
      ).data?.payload ?? [],
    createPrivateNote: async (conversationId, content) =>
      (
        await requestJson<ChatwootObject>(`${account}/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers: { api_access_token: input.token },
          body: { content, message_type: 'outgoing', private: true },
          ...input.rest,
        })
      ).body,
    messagesAfter: async (conversationId, afterId) =>
      (await get<{ payload?: ChatwootObject[] }>(`${account}/conversations/${conversationId}/messages?after=${afterId}`)).payload ?? [],
  }
}
