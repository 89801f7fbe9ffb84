// Serves the built web app (web/dist) at / with a fallback to index.html for client-side routes.
// /api, /healthz and /readyz keep their own routes; unknown /api paths still get the JSON 404.
import { existsSync, statSync } from 'node:fs'
import { dirname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'

/** The repository root: the nearest ancestor of this file holding package.json (works from src/ and dist/src/). */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

export function defaultWebDistDir(): string {
  return join(findPackageRoot(), 'web', 'dist')
}

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signalbox</title></head>
<body><h1>Signalbox</h1><p>The web app has not been built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it),
then reload. The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>`

export function webStaticRoutes(distDir = defaultWebDistDir()): FastifyPluginAsyncZod {
  return async (app) => {
    // serve: false — only reply.sendFile; our one wildcard route decides between file, index.html and API 404.
    await app.register(fastifyStatic, { root: distDir, serve: false })

    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = decodeURIComponent(request.url.split('?')[0] ?? '/')
      if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound()
      if (!existsSync(join(distDir, 'index.html'))) return reply.status(503).type('text/html').send(notBuiltPage)

      const relative = normalize(path).replace(/^([/\\])+/, '')
      const candidate = join(distDir, relative)
      const insideDist = candidate.startsWith(distDir + sep)
      if (relative && insideDist && existsSync(candidate) && statSync(candidate).isFile()) {
        // Vite puts content-hashed files under assets/: they never change under the same name.
        const immutable = relative.startsWith('assets' + sep) || relative.startsWith('assets/')
        return reply.sendFile(relative, { maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0, immutable })
      }
      if (relative.startsWith('assets/')) return reply.callNotFound() // a missing asset is a real 404, not the app
      reply.header('cache-control', 'no-cache')
      return reply.sendFile('index.html', { maxAge: 0 })
    })
  }
}
