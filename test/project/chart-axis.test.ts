// The LLM page's charts: axis tops that give distinct round tick labels, and room for long labels.
import { describe, expect, it } from 'vitest'
import { niceAxisTop, tickLabelRoom } from '../../web/src/lib/chart-axis.js'

const wholeTicks = (top: number) => [0, 0.5, 1].map((f) => `${Math.round(top * f)} ms`)

describe('chart axes', () => {
  it('a latency axis around 1 ms reads as three different whole numbers', () => {
    expect(new Set(wholeTicks(niceAxisTop(1.2))).size).toBe(3)
    expect(wholeTicks(niceAxisTop(1))).toEqual(['0 ms', '1 ms', '2 ms'])
    expect(niceAxisTop(730)).toBe(1000)
    expect(niceAxisTop(180)).toBe(200)
  })

  it('keeps small money values small and never returns zero', () => {
    expect(niceAxisTop(0.03)).toBeCloseTo(0.05)
    expect(niceAxisTop(0)).toBe(1)
  })

  it('leaves room for the longest tick label', () => {
    expect(tickLabelRoom(['0', '1,250,000'])).toBeGreaterThan(tickLabelRoom(['0', '50']))
    expect(tickLabelRoom(['0', '1,250,000'])).toBeGreaterThanOrEqual(12 + 7 * 9)
  })
})
