// Tables of the tasks module (Drizzle). Re-exported by src/db/schema.ts for drizzle-kit.
export {}
