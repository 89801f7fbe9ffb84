// Tables of the notifications module (Drizzle). Re-exported by src/db/schema.ts for drizzle-kit.
export {}
