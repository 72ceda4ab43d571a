-- CreateTable
CREATE TABLE "call_tags" (
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "call_tags_pkey" PRIMARY KEY ("projectId","name")
);

-- CreateIndex
CREATE INDEX "calls_tags_idx" ON "calls" USING GIN ("tags");

-- AddForeignKey
ALTER TABLE "call_tags" ADD CONSTRAINT "call_tags_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
