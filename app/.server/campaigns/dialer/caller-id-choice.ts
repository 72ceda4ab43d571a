/** The campaign's caller ID, else the connection's first number (its outbound caller ID, else itself). */
import type { Prisma } from '../../../../prisma/generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

export async function formatCallerId(
  tx: Tx,
  campaign: { projectId: string; connectionId: string; callerId: string },
): Promise<string> {
  if (campaign.callerId) return campaign.callerId;
  const number = await tx.phoneNumber.findFirst({
    where: {
      projectId: campaign.projectId,
      connectionId: campaign.connectionId,
      address: { startsWith: '+' },
    },
    orderBy: { createdAt: 'asc' },
    select: { address: true, outboundCallerId: true },
  });
  return number ? number.outboundCallerId || number.address : '';
}
