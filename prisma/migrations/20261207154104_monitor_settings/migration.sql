-- CreateTable
CREATE TABLE "monitor_settings" (
    "projectId" UUID NOT NULL,
    "rules" JSONB NOT NULL,
    "sound" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "monitor_settings_pkey" PRIMARY KEY ("projectId")
);
