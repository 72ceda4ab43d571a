-- AlterTable
ALTER TABLE "messaging_channels" ADD COLUMN     "inboundTokenHash" TEXT;

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "providerId" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "optOut" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inbound_messages_projectId_receivedAt_idx" ON "inbound_messages"("projectId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_channelId_providerId_key" ON "inbound_messages"("channelId", "providerId");

-- CreateIndex
CREATE UNIQUE INDEX "messaging_channels_inboundTokenHash_key" ON "messaging_channels"("inboundTokenHash");

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "messaging_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
