// Recognising a unique-constraint violation (SQLSTATE 23505), so a service can answer 409 instead of 500.

/** pg puts the SQLSTATE on the error itself, Drizzle over PGlite on its cause. */
export function isUniqueViolation(error: unknown): boolean {
  const failed = error as { code?: string; cause?: { code?: string } } | null | undefined
  return failed?.code === '23505' || failed?.cause?.code === '23505'
}
