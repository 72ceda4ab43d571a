-- AlterTable
ALTER TABLE "phone_numbers" ADD COLUMN     "afterHoursAgentId" UUID,
ADD COLUMN     "afterHoursMessage" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "connectionId" UUID,
ADD COLUMN     "outboundCallerId" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "pinnedVersionId" UUID,
ADD COLUMN     "workingHours" JSONB;

-- CreateTable
CREATE TABLE "sip_connections" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "transport" TEXT NOT NULL DEFAULT 'udp',
    "authMode" TEXT NOT NULL DEFAULT 'registration',
    "username" TEXT NOT NULL DEFAULT '',
    "authUsername" TEXT NOT NULL DEFAULT '',
    "credentialId" UUID,
    "outboundProxy" TEXT NOT NULL DEFAULT '',
    "codecs" TEXT[] DEFAULT ARRAY['PCMA', 'PCMU']::TEXT[],
    "callerIdRules" JSONB NOT NULL DEFAULT '{}',
    "maxConcurrentCalls" INTEGER NOT NULL DEFAULT 0,
    "registerExpires" INTEGER NOT NULL DEFAULT 300,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sip_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "test_calls" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "callerId" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sipCode" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "sipCallId" TEXT,
    "answeredAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "test_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sip_connections_projectId_name_key" ON "sip_connections"("projectId", "name");

-- CreateIndex
CREATE INDEX "test_calls_projectId_createdAt_idx" ON "test_calls"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "phone_numbers_connectionId_idx" ON "phone_numbers"("connectionId");

-- AddForeignKey
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "sip_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sip_connections" ADD CONSTRAINT "sip_connections_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_calls" ADD CONSTRAINT "test_calls_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "test_calls" ADD CONSTRAINT "test_calls_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "sip_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
