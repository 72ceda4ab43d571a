-- CreateTable
CREATE TABLE "calls" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "fromNumber" TEXT NOT NULL DEFAULT '',
    "toNumber" TEXT NOT NULL DEFAULT '',
    "agentId" UUID,
    "versionId" UUID,
    "versionNumber" INTEGER,
    "testSessionId" UUID,
    "status" TEXT NOT NULL DEFAULT 'live',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "endReason" TEXT,
    "disposition" TEXT,
    "sipCause" TEXT,
    "sampleRate" INTEGER,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "variables" JSONB NOT NULL DEFAULT '{}',
    "handoff" JSONB,
    "path" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "turnCount" INTEGER NOT NULL DEFAULT 0,
    "openIssueCount" INTEGER NOT NULL DEFAULT 0,
    "issueCount" INTEGER NOT NULL DEFAULT 0,
    "avgResponseMs" INTEGER,
    "maxResponseMs" INTEGER,
    "analysisStatus" TEXT NOT NULL DEFAULT 'pending',
    "analysisSource" TEXT,
    "summary" TEXT,
    "outcomes" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_turns" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "turnIndex" INTEGER NOT NULL,
    "speaker" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "trigger" TEXT,
    "startMs" INTEGER,
    "endMs" INTEGER,
    "confidence" DOUBLE PRECISION,
    "nodeId" TEXT,
    "nodePath" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "timings" JSONB,
    "responseMs" INTEGER,
    "filler" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_turns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_events" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "sourceId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "offsetMs" INTEGER NOT NULL,
    "turnIndex" INTEGER,
    "nodeId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "call_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_recordings" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'wav',
    "channels" INTEGER NOT NULL DEFAULT 2,
    "sampleRate" INTEGER,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_issues" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "turnId" UUID,
    "turnSeq" INTEGER,
    "reason" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "assigneeId" UUID,
    "agentId" UUID,
    "versionId" UUID,
    "nodeId" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "call_issues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_analysis_configs" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "summary" BOOLEAN NOT NULL DEFAULT true,
    "fields" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "call_analysis_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call_views" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_views_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "calls_projectId_startedAt_id_idx" ON "calls"("projectId", "startedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_agentId_startedAt_idx" ON "calls"("projectId", "agentId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_versionId_startedAt_idx" ON "calls"("projectId", "versionId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_direction_startedAt_idx" ON "calls"("projectId", "direction", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_disposition_startedAt_idx" ON "calls"("projectId", "disposition", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_fromNumber_startedAt_idx" ON "calls"("projectId", "fromNumber", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_toNumber_startedAt_idx" ON "calls"("projectId", "toNumber", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_projectId_durationMs_idx" ON "calls"("projectId", "durationMs");

-- CreateIndex
CREATE INDEX "calls_projectId_openIssueCount_startedAt_idx" ON "calls"("projectId", "openIssueCount", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "calls_analysisStatus_idx" ON "calls"("analysisStatus");

-- CreateIndex
CREATE UNIQUE INDEX "calls_projectId_externalId_key" ON "calls"("projectId", "externalId");

-- CreateIndex
CREATE INDEX "call_turns_projectId_idx" ON "call_turns"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "call_turns_callId_seq_key" ON "call_turns"("callId", "seq");

-- CreateIndex
CREATE INDEX "call_events_projectId_idx" ON "call_events"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "call_events_callId_sourceId_key" ON "call_events"("callId", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "call_recordings_callId_key" ON "call_recordings"("callId");

-- CreateIndex
CREATE INDEX "call_recordings_projectId_idx" ON "call_recordings"("projectId");

-- CreateIndex
CREATE INDEX "call_issues_projectId_status_createdAt_idx" ON "call_issues"("projectId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "call_issues_projectId_assigneeId_idx" ON "call_issues"("projectId", "assigneeId");

-- CreateIndex
CREATE INDEX "call_issues_callId_idx" ON "call_issues"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "call_analysis_configs_agentId_key" ON "call_analysis_configs"("agentId");

-- CreateIndex
CREATE INDEX "call_analysis_configs_projectId_idx" ON "call_analysis_configs"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "call_views_projectId_userId_name_key" ON "call_views"("projectId", "userId", "name");

-- AddForeignKey
ALTER TABLE "calls" ADD CONSTRAINT "calls_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_turns" ADD CONSTRAINT "call_turns_callId_fkey" FOREIGN KEY ("callId") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_callId_fkey" FOREIGN KEY ("callId") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_recordings" ADD CONSTRAINT "call_recordings_callId_fkey" FOREIGN KEY ("callId") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_issues" ADD CONSTRAINT "call_issues_callId_fkey" FOREIGN KEY ("callId") REFERENCES "calls"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the transcript search document of each call lives outside Prisma's schema (its diff covers
-- "public" only) because it needs generated tsvectors, one per language, like kb.chunks. The writer keeps
-- `text` in step with the call's turns and its post-call summary.
CREATE SCHEMA IF NOT EXISTS inbox;
CREATE TABLE inbox.call_search (
    call_id uuid PRIMARY KEY REFERENCES public.calls(id) ON DELETE CASCADE,
    project_id uuid NOT NULL,
    started_at timestamp(3) NOT NULL,
    text text NOT NULL DEFAULT '',
    tsv_ru tsvector GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, text)) STORED,
    tsv_en tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED
);
CREATE INDEX call_search_tsv_ru_idx ON inbox.call_search USING gin (tsv_ru);
CREATE INDEX call_search_tsv_en_idx ON inbox.call_search USING gin (tsv_en);
CREATE INDEX call_search_project_idx ON inbox.call_search (project_id, started_at DESC);
