-- CreateTable
CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "agentId" UUID NOT NULL,
    "versionId" UUID,
    "connectionId" UUID NOT NULL,
    "callerId" TEXT NOT NULL DEFAULT '',
    "schedule" JSONB NOT NULL DEFAULT '{}',
    "maxConcurrent" INTEGER NOT NULL DEFAULT 2,
    "callsPerMinute" INTEGER NOT NULL DEFAULT 10,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "retry" JSONB NOT NULL DEFAULT '{}',
    "doneCriteria" JSONB,
    "machineAction" TEXT NOT NULL DEFAULT 'hangup',
    "purpose" TEXT NOT NULL DEFAULT '',
    "requireConsent" BOOLEAN NOT NULL DEFAULT false,
    "variableNames" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_contacts" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "timezone" TEXT,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "lastOutcome" TEXT,
    "outcomes" JSONB NOT NULL DEFAULT '{}',
    "rows" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "campaign_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_attempts" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "phone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "outcome" TEXT,
    "sipCode" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "testCallId" UUID,
    "sipCallId" TEXT,
    "callId" UUID,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dialedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "campaign_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dnc_entries" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'manual',
    "addedById" UUID,
    "addedBy" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dnc_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_settings" (
    "projectId" UUID NOT NULL,
    "preset" TEXT NOT NULL DEFAULT 'none',
    "quietHours" JSONB NOT NULL DEFAULT '{}',
    "capDay" INTEGER,
    "capWeek" INTEGER,
    "capMonth" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "compliance_settings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "consent_records" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'voice',
    "source" TEXT NOT NULL DEFAULT '',
    "textVersion" TEXT NOT NULL DEFAULT '',
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "consent_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compliance_refusals" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "campaignId" UUID,
    "contactId" UUID,
    "phone" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compliance_refusals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaigns_projectId_createdAt_idx" ON "campaigns"("projectId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "campaigns_status_idx" ON "campaigns"("status");

-- CreateIndex
CREATE INDEX "campaign_contacts_campaignId_status_nextAttemptAt_idx" ON "campaign_contacts"("campaignId", "status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_contacts_campaignId_phone_key" ON "campaign_contacts"("campaignId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_attempts_testCallId_key" ON "campaign_attempts"("testCallId");

-- CreateIndex
CREATE INDEX "campaign_attempts_campaignId_status_idx" ON "campaign_attempts"("campaignId", "status");

-- CreateIndex
CREATE INDEX "campaign_attempts_projectId_phone_dialedAt_idx" ON "campaign_attempts"("projectId", "phone", "dialedAt");

-- CreateIndex
CREATE INDEX "campaign_attempts_campaignId_dialedAt_idx" ON "campaign_attempts"("campaignId", "dialedAt");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_attempts_contactId_number_key" ON "campaign_attempts"("contactId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "dnc_entries_projectId_phone_key" ON "dnc_entries"("projectId", "phone");

-- CreateIndex
CREATE INDEX "consent_records_projectId_phone_idx" ON "consent_records"("projectId", "phone");

-- CreateIndex
CREATE INDEX "compliance_refusals_projectId_at_idx" ON "compliance_refusals"("projectId", "at" DESC);

-- CreateIndex
CREATE INDEX "compliance_refusals_campaignId_at_idx" ON "compliance_refusals"("campaignId", "at" DESC);

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_contacts" ADD CONSTRAINT "campaign_contacts_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attempts" ADD CONSTRAINT "campaign_attempts_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_attempts" ADD CONSTRAINT "campaign_attempts_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "campaign_contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dnc_entries" ADD CONSTRAINT "dnc_entries_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
