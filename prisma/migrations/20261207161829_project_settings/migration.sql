-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "defaultLanguage" TEXT NOT NULL DEFAULT 'ru',
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'Europe/Moscow';
