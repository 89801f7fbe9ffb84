// Tables of the llm module (Drizzle). Re-exported by src/db/schema.ts for drizzle-kit.
export {}
