ALTER TYPE "public"."proposal_status" ADD VALUE IF NOT EXISTS 'held';
