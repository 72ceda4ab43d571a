-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "defaultLanguage" TEXT,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'Europe/Moscow';
