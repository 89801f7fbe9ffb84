// Every column that holds an encryptSecret() value, so `signalbox secrets rotate` re-encrypts all of them.
// Modules add one line for each such column.
export type EncryptedColumn = { table: string; idColumn: string; column: string }

export const encryptedColumns: EncryptedColumn[] = [
  { table: 'llm_providers', idColumn: 'id', column: 'api_key_encrypted' },
  { table: 'users', idColumn: 'id', column: 'totp_secret' },
  { table: 'signup_requests', idColumn: 'id', column: 'pin_encrypted' },
  { table: 'sources', idColumn: 'id', column: 'secrets_encrypted' },
]
