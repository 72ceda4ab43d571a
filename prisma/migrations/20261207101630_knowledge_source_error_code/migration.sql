-- AlterTable
ALTER TABLE "knowledge_sources" ADD COLUMN     "errorCode" TEXT;
