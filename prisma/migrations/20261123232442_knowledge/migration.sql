-- CreateTable
CREATE TABLE "knowledge_bases" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "knowledge_bases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "knowledge_sources" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "knowledgeBaseId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "crawlDepth" INTEGER NOT NULL DEFAULT 0,
    "crawlMaxPages" INTEGER NOT NULL DEFAULT 1,
    "syncIntervalHours" INTEGER,
    "fileName" TEXT,
    "mimeType" TEXT,
    "sizeBytes" INTEGER,
    "fileContent" BYTEA,
    "question" TEXT,
    "answer" TEXT,
    "originCallId" UUID,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "contentHash" TEXT,
    "lastIndexedAt" TIMESTAMP(3),
    "nextSyncAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "knowledge_sources_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "knowledge_bases_projectId_name_key" ON "knowledge_bases"("projectId", "name");

-- CreateIndex
CREATE INDEX "knowledge_sources_projectId_idx" ON "knowledge_sources"("projectId");

-- CreateIndex
CREATE INDEX "knowledge_sources_knowledgeBaseId_idx" ON "knowledge_sources"("knowledgeBaseId");

-- CreateIndex
CREATE INDEX "knowledge_sources_nextSyncAt_idx" ON "knowledge_sources"("nextSyncAt");

-- AddForeignKey
ALTER TABLE "knowledge_bases" ADD CONSTRAINT "knowledge_bases_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "knowledge_sources" ADD CONSTRAINT "knowledge_sources_knowledgeBaseId_fkey" FOREIGN KEY ("knowledgeBaseId") REFERENCES "knowledge_bases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: chunks live outside Prisma's schema (its diff covers "public" only) because they need a
-- generated tsvector per language and trigram indexes. Search joins them to their source's generation.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA IF NOT EXISTS kb;
CREATE TABLE kb.chunks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL,
    knowledge_base_id uuid NOT NULL,
    source_id uuid NOT NULL REFERENCES public.knowledge_sources(id) ON DELETE CASCADE,
    generation integer NOT NULL,
    ordinal integer NOT NULL,
    hash text NOT NULL,
    heading_path text[] NOT NULL DEFAULT '{}',
    text text NOT NULL,
    search_text text NOT NULL,
    language text NOT NULL,
    ts_config regconfig NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector(ts_config, search_text)) STORED,
    embedding real[],
    created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX chunks_source_generation_idx ON kb.chunks (source_id, generation);
CREATE INDEX chunks_kb_idx ON kb.chunks (knowledge_base_id);
CREATE INDEX chunks_project_idx ON kb.chunks (project_id);
CREATE INDEX chunks_tsv_idx ON kb.chunks USING gin (tsv);
CREATE INDEX chunks_trgm_idx ON kb.chunks USING gin (search_text gin_trgm_ops);
