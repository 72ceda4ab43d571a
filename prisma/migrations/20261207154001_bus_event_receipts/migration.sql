-- CreateTable
CREATE TABLE "bus_event_receipts" (
    "consumerGroup" TEXT NOT NULL,
    "eventId" UUID NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bus_event_receipts_pkey" PRIMARY KEY ("consumerGroup","eventId")
);

-- CreateIndex
CREATE INDEX "bus_event_receipts_appliedAt_idx" ON "bus_event_receipts"("appliedAt");
