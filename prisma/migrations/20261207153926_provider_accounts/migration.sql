-- CreateTable
CREATE TABLE "provider_accounts" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "credentialId" UUID,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastTest" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "provider_accounts_projectId_idx" ON "provider_accounts"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "provider_accounts_projectId_name_key" ON "provider_accounts"("projectId", "name");
