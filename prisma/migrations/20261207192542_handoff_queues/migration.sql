-- CreateTable
CREATE TABLE "handoff_queues" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "languages" TEXT[],
    "topics" TEXT[],
    "priority" INTEGER NOT NULL DEFAULT 0,
    "maxWaitSeconds" INTEGER NOT NULL DEFAULT 300,
    "afterWait" TEXT NOT NULL DEFAULT 'hangup',
    "afterWaitNodeId" TEXT,
    "afterWaitMessage" TEXT NOT NULL DEFAULT '',
    "offerTimeoutSeconds" INTEGER NOT NULL DEFAULT 20,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "handoff_queues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "operator_presences" (
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'offline',
    "languages" TEXT[],
    "topics" TEXT[],
    "idleSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "operator_presences_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "handoffs" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "queueId" UUID NOT NULL,
    "callId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "language" TEXT,
    "packet" JSONB NOT NULL,
    "operatorUserId" UUID,
    "passedBy" TEXT[],
    "offeredAt" TIMESTAMP(3),
    "offerExpiresAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "handoffs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "handoff_queues_projectId_name_key" ON "handoff_queues"("projectId", "name");

-- CreateIndex
CREATE INDEX "operator_presences_projectId_status_idleSince_idx" ON "operator_presences"("projectId", "status", "idleSince");

-- CreateIndex
CREATE INDEX "handoffs_projectId_status_createdAt_idx" ON "handoffs"("projectId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "handoffs_callId_idx" ON "handoffs"("callId");

-- AddForeignKey
ALTER TABLE "handoff_queues" ADD CONSTRAINT "handoff_queues_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "operator_presences" ADD CONSTRAINT "operator_presences_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "handoff_queues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
