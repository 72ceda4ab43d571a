-- CreateTable
CREATE TABLE "integration_connections" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "authMode" TEXT NOT NULL,
    "portal" TEXT NOT NULL,
    "credentialId" UUID NOT NULL,
    "userId" INTEGER NOT NULL DEFAULT 1,
    "logCalls" BOOLEAN NOT NULL DEFAULT true,
    "failingSince" TIMESTAMP(3),
    "lastError" TEXT,
    "lastOkAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "integration_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integration_log" (
    "id" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integration_calls" (
    "connectionId" UUID NOT NULL,
    "callId" TEXT NOT NULL,
    "externalId" TEXT,
    "finished" BOOLEAN NOT NULL DEFAULT false,
    "recorded" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "integration_calls_pkey" PRIMARY KEY ("connectionId","callId")
);

-- CreateIndex
CREATE INDEX "integration_connections_projectId_idx" ON "integration_connections"("projectId");

-- CreateIndex
CREATE INDEX "integration_log_connectionId_createdAt_idx" ON "integration_log"("connectionId", "createdAt");

-- AddForeignKey
ALTER TABLE "integration_connections" ADD CONSTRAINT "integration_connections_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_log" ADD CONSTRAINT "integration_log_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "integration_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_calls" ADD CONSTRAINT "integration_calls_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "integration_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
