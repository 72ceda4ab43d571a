-- AlterTable
ALTER TABLE "handoff_queues" ADD COLUMN     "announceEverySeconds" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "wrapUpSeconds" INTEGER NOT NULL DEFAULT 60;

-- AlterTable
ALTER TABLE "handoffs" ADD COLUMN     "connectedAt" TIMESTAMP(3),
ADD COLUMN     "wrapDisposition" TEXT,
ADD COLUMN     "wrapNote" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "wrappedAt" TIMESTAMP(3);
