-- AlterTable
ALTER TABLE "handoff_queues" ADD COLUMN     "afterWaitTarget" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "workingHours" JSONB;
