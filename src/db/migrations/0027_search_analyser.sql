-- The text search configuration of chunks (issue 24): PostgreSQL's `english` (its stop words, Snowball stemming)
-- except that a hyphenated word is indexed by its parts only ("anti-inflammatory" -> anti, inflammatori), as
-- Lucene's analyser splits it, instead of whole and in parts: the whole compound is a rare term that outweighed
-- its parts in BM25 (SciFact dev, eval/lexical-tuning.ts).
CREATE TEXT SEARCH CONFIGURATION "signalbox_english" (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION "signalbox_english" DROP MAPPING FOR asciihword, hword, numhword;--> statement-breakpoint
-- BM25's document length: the indexed words (every position), not the distinct lexemes.
CREATE FUNCTION "tsvector_word_count"(tsvector) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0)::integer FROM unnest($1) u $$;
