// Which API operations this server offers, read from its OpenAPI document: pages whose backend is not
// there show "not available" instead of failing, and the contract test checks the client's paths against it.
export type Capabilities = { has: (method: string, path: string) => boolean; operations: Set<string> }

export function capabilitiesFrom(document: { paths?: Record<string, Record<string, unknown>> }): Capabilities {
  const operations = new Set<string>()
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    // Fastify's OpenAPI uses {id}; the client uses :id. Normalise both to {}.
    const shape = path.replace(/\{[^}]+\}/g, '{}')
    for (const method of Object.keys(item)) operations.add(`${method.toUpperCase()} ${shape}`)
  }
  return {
    operations,
    has: (method, path) => operations.has(`${method.toUpperCase()} ${path.replace(/:[A-Za-z]+/g, '{}').replace(/\{[^}]+\}/g, '{}')}`),
  }
}

export async function loadCapabilities(): Promise<Capabilities> {
  const response = await fetch('/api/docs/json', { headers: { accept: 'application/json' } })
  if (!response.ok) throw new Error(`OpenAPI document: HTTP ${response.status}`)
  return capabilitiesFrom(await response.json())
}
