-- CreateIndex
CREATE INDEX "calls_externalId_idx" ON "calls"("externalId");
