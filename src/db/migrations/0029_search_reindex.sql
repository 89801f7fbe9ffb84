-- Re-indexes what was stored before the analyser changed (0024, 0025): 0025 recomputed chunks.search_vector and
-- doc_length for every chunk; their narrow copies in chunk_search and the BM25 statistics are rebuilt from them
-- here, in the same migration run, so search never mixes lexemes of the two analysers.
UPDATE "chunk_search" s SET search_vector = c.search_vector, doc_length = c.doc_length
  FROM "chunks" c WHERE c.id = s.chunk_id;--> statement-breakpoint
DELETE FROM "bm25_terms";--> statement-breakpoint
INSERT INTO "bm25_terms" (workspace_id, term, document_frequency)
  SELECT c.workspace_id, u.lexeme, count(*)::int FROM "chunks" c, unnest(c.search_vector) u GROUP BY 1, 2;--> statement-breakpoint
UPDATE "bm25_corpus" b SET document_count = d.n, total_length = d.len
  FROM (SELECT workspace_id, count(*)::int AS n, coalesce(sum(doc_length), 0)::bigint AS len FROM "chunks" GROUP BY workspace_id) d
  WHERE d.workspace_id = b.workspace_id;
