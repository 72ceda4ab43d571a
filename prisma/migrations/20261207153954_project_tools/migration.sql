-- CreateTable
CREATE TABLE "project_tools" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL,
    "urlTemplate" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "bodyTemplate" TEXT,
    "parameters" JSONB NOT NULL,
    "responseMapping" JSONB NOT NULL DEFAULT '{}',
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "authKind" TEXT NOT NULL DEFAULT 'none',
    "authHeader" TEXT,
    "credentialId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_tools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_tool_settings" (
    "projectId" UUID NOT NULL,
    "allowHosts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_tool_settings_pkey" PRIMARY KEY ("projectId")
);

-- CreateIndex
CREATE UNIQUE INDEX "project_tools_projectId_name_key" ON "project_tools"("projectId", "name");

-- AddForeignKey
ALTER TABLE "project_tools" ADD CONSTRAINT "project_tools_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_tool_settings" ADD CONSTRAINT "project_tool_settings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
