-- AlterTable
ALTER TABLE "campaign_contacts" ADD COLUMN     "crmContactId" UUID;

-- CreateIndex
CREATE INDEX "campaign_contacts_crmContactId_idx" ON "campaign_contacts"("crmContactId");

-- AddForeignKey
ALTER TABLE "campaign_contacts" ADD CONSTRAINT "campaign_contacts_crmContactId_fkey" FOREIGN KEY ("crmContactId") REFERENCES "crm_contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Phone lookups probe this index once per number (a call, a campaign upload's every row). With the default
-- fast update, new contacts wait in a pending list that every probe reads in full: a 100,000-row upload
-- made each probe cost milliseconds. Written straight into the index instead (one entry per phone, cheap).
ALTER INDEX "crm_contacts_phones_idx" SET (fastupdate = off);
