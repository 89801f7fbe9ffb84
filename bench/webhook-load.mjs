/* global process, URL, Buffer, performance, setTimeout */
// The load generator of bench:webhooks, in a process of its own so that the server's embedded database (which
// runs on the server's thread) cannot delay the sending or the timing: POSTs each line of a file at a fixed rate
// (each request at its slot, answered or not) and prints the latencies as JSON.
// Usage: node bench/webhook-load.mjs <url> <secret> <rate> <bodies.jsonl>
import fs from 'node:fs'
import http from 'node:http'

const [url, secret, rateText, file] = process.argv.slice(2)
const rate = Number(rateText)
const bodies = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
const target = new URL(url)
const latencies = new Array(bodies.length)
let failures = 0

function post(body) {
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-telegram-bot-api-secret-token': secret,
        },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode === 200))
      },
    )
    request.on('error', () => resolve(false))
    request.end(body)
  })
}

const interval = 1000 / rate
const started = performance.now()
const inFlight = []
for (let i = 0; i < bodies.length; i++) {
  const wait = started + i * interval - performance.now()
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
  const sentAt = performance.now()
  inFlight.push(
    post(bodies[i]).then((ok) => {
      latencies[i] = performance.now() - sentAt
      if (!ok) failures++
    }),
  )
}
await Promise.all(inFlight)
const seconds = (performance.now() - started) / 1000
agent.destroy()
process.stdout.write(JSON.stringify({ latencies, failures, seconds }))
