-- AlterTable
ALTER TABLE "campaign_contacts" ADD COLUMN     "crmContactId" UUID;

-- CreateIndex
CREATE INDEX "campaign_contacts_crmContactId_idx" ON "campaign_contacts"("crmContactId");

-- AddForeignKey
ALTER TABLE "campaign_contacts" ADD CONSTRAINT "campaign_contacts_crmContactId_fkey" FOREIGN KEY ("crmContactId") REFERENCES "crm_contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
