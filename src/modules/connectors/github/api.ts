// The GitHub REST calls of the connector: a token as Bearer (fine-grained PAT or installation token), the v3
// JSON media type, conditional requests with ETags (a 304 costs no rate limit), and the rate-limit answers
// (403/429 with x-ratelimit-remaining: 0 or Retry-After) waited out by rest-client.
import { requestJson, type RestOptions } from '../rest-client.js'
import type { GithubObject } from './records.js'

export const defaultGithubApiRoot = 'https://api.github.com'

export type GithubList = { items: GithubObject[]; etag: string | null; notModified: boolean; hasNext: boolean }

export function githubApi(input: {
  token: string
  repository: string
  apiRoot?: string
  rest?: Pick<RestOptions, 'sleep' | 'maxWaitSeconds'>
}) {
  const root = (input.apiRoot ?? defaultGithubApiRoot).replace(/\/+$/, '')
  const headers = { authorization: `Bearer ${input.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }
  const repo = `${root}/repos/${input.repository}`
  return {
    repository: async () => (await requestJson<GithubObject>(repo, { headers, ...input.rest })).body,
    /** POST /repos/{owner}/{repo}/issues; answers the created issue (number, html_url). */
    createIssue: async (issue: { title: string; body: string; labels: string[] }) =>
      (await requestJson<GithubObject>(`${repo}/issues`, { headers, method: 'POST', body: issue, ...input.rest })).body,
    pull: async (number: number) => (await requestJson<GithubObject>(`${repo}/pulls/${number}`, { headers, ...input.rest })).body,
    /** One page of a list (`path` under the repository, with its query), conditional on `etag`. */
    async list(path: string, etag?: string | null): Promise<GithubList> {
      const response = await requestJson<GithubObject[]>(`${repo}/${path}`, {
        headers: etag ? { ...headers, 'if-none-match': etag } : headers,
        accept: [304],
        ...input.rest,
      })
      if (response.status === 304) return { items: [], etag: etag ?? null, notModified: true, hasNext: false }
      return {
        items: Array.isArray(response.body) ? response.body : [],
        etag: response.headers.get('etag'),
        notModified: false,
        hasNext: /rel="next"/.test(response.headers.get('link') ?? ''),
      }
    },
  }
}
export type GithubApi = ReturnType<typeof githubApi>
