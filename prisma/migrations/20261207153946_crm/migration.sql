-- Trigram search over contacts (also created by the knowledge migration; kept here so this one stands alone).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "crm_contacts" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "company" TEXT NOT NULL DEFAULT '',
    "phones" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "fields" JSONB NOT NULL DEFAULT '{}',
    "ownerId" UUID,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "searchText" TEXT NOT NULL DEFAULT '',
    "lastActivityAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "crm_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_pipelines" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "crm_pipelines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_stages" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "pipelineId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_stages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_deals" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "contactId" UUID,
    "pipelineId" UUID NOT NULL,
    "stageId" UUID NOT NULL,
    "amount" DECIMAL(14,2),
    "currency" TEXT NOT NULL DEFAULT 'RUB',
    "ownerId" UUID,
    "closeDate" DATE,
    "fields" JSONB NOT NULL DEFAULT '{}',
    "position" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "crm_deals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_activities" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "contactId" UUID,
    "dealId" UUID,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "callId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dueAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "authorId" UUID,
    "dedupeKey" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "crm_activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_fields" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "entity" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'text',
    "options" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_fields_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "crm_contacts_phones_idx" ON "crm_contacts" USING GIN ("phones");

-- CreateIndex
CREATE INDEX "crm_contacts_emails_idx" ON "crm_contacts" USING GIN ("emails");

-- CreateIndex
CREATE INDEX "crm_contacts_tags_idx" ON "crm_contacts" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "crm_contacts_searchText_idx" ON "crm_contacts" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "crm_contacts_projectId_updatedAt_id_idx" ON "crm_contacts"("projectId", "updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "crm_contacts_projectId_ownerId_idx" ON "crm_contacts"("projectId", "ownerId");

-- CreateIndex
CREATE INDEX "crm_pipelines_projectId_position_idx" ON "crm_pipelines"("projectId", "position");

-- CreateIndex
CREATE INDEX "crm_stages_pipelineId_position_idx" ON "crm_stages"("pipelineId", "position");

-- CreateIndex
CREATE INDEX "crm_stages_projectId_idx" ON "crm_stages"("projectId");

-- CreateIndex
CREATE INDEX "crm_deals_projectId_pipelineId_stageId_position_idx" ON "crm_deals"("projectId", "pipelineId", "stageId", "position");

-- CreateIndex
CREATE INDEX "crm_deals_projectId_updatedAt_idx" ON "crm_deals"("projectId", "updatedAt" DESC);

-- CreateIndex
CREATE INDEX "crm_deals_contactId_idx" ON "crm_deals"("contactId");

-- CreateIndex
CREATE INDEX "crm_deals_stageId_idx" ON "crm_deals"("stageId");

-- CreateIndex
CREATE INDEX "crm_activities_projectId_contactId_occurredAt_idx" ON "crm_activities"("projectId", "contactId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "crm_activities_projectId_dealId_occurredAt_idx" ON "crm_activities"("projectId", "dealId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "crm_activities_projectId_type_dueAt_idx" ON "crm_activities"("projectId", "type", "dueAt");

-- CreateIndex
CREATE INDEX "crm_activities_callId_idx" ON "crm_activities"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "crm_activities_projectId_dedupeKey_key" ON "crm_activities"("projectId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "crm_fields_projectId_entity_key_key" ON "crm_fields"("projectId", "entity", "key");

-- AddForeignKey
ALTER TABLE "crm_contacts" ADD CONSTRAINT "crm_contacts_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_pipelines" ADD CONSTRAINT "crm_pipelines_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_stages" ADD CONSTRAINT "crm_stages_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "crm_pipelines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "crm_contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_pipelineId_fkey" FOREIGN KEY ("pipelineId") REFERENCES "crm_pipelines"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_stageId_fkey" FOREIGN KEY ("stageId") REFERENCES "crm_stages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_activities" ADD CONSTRAINT "crm_activities_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_activities" ADD CONSTRAINT "crm_activities_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "crm_contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crm_fields" ADD CONSTRAINT "crm_fields_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
