// `npm run db:seed`: demo data only (never a production path). One project and one user per role, all with
// the password `demo-password`, and a published agent answering sip:demo@<host>:5060. Running it again
// changes nothing.
import { createDb } from '#server/db.ts';
import { loadDotenv } from '#server/env/dotenv.ts';
import { databaseEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import demoReceptionist from '../app/agent-templates/demo-receptionist.ru.json';
import { addMember, createPublishedAgent, createUser, ROLES } from '../tests/support/factories.ts';

export const DEMO_PASSWORD = 'demo-password';
// The first market speaks Russian, so the demo project is named in Russian (issue 18); installs seeded
// before that have it under its old English name, renamed on the next seed.
export const DEMO_PROJECT = 'Демо: стоматологическая клиника';
const OLD_DEMO_PROJECT = 'Demo: Dental clinic';
// The demo speaks Russian (its agent answers in Russian), so its people have Russian names (issue 18 item 8).
// The project keeps its English name: specs and the docs find it by that name.
const DEMO_NAMES: Record<(typeof ROLES)[number], string> = {
  owner: 'Ольга Соколова',
  admin: 'Андрей Волков',
  builder: 'Мария Орлова',
  supervisor: 'Игорь Лебедев',
  operator: 'Анна Смирнова',
  analyst: 'Дмитрий Козлов',
};

loadDotenv();
const { DATABASE_URL } = loadEnvOrExit(databaseEnv, 'db:seed');
const db = createDb(DATABASE_URL);
try {
  const named = await db.project.findFirst({
    where: { name: { in: [DEMO_PROJECT, OLD_DEMO_PROJECT] } },
    orderBy: { createdAt: 'asc' },
  });
  const project = named
    ? named.name === DEMO_PROJECT
      ? named
      : await db.project.update({ where: { id: named.id }, data: { name: DEMO_PROJECT } })
    : await db.project.create({ data: { name: DEMO_PROJECT } });
  for (const role of ROLES) {
    const user = await createUser(db, {
      email: `${role}@demo.local`,
      name: DEMO_NAMES[role],
      password: DEMO_PASSWORD,
    });
    await addMember(db, project.id, user.id, role);
  }
  // The demo agent: published and reachable at the SIP address "demo" (sip:demo@127.0.0.1:5060).
  const existing = await db.phoneNumber.findUnique({ where: { address: 'demo' } });
  if (!existing) {
    await createPublishedAgent(db, project.id, {
      name: 'Demo receptionist',
      language: 'ru',
      graph: demoReceptionist,
      address: 'demo',
    });
  }
  console.log(
    `db:seed: project "${DEMO_PROJECT}" with users ${ROLES.map((r) => `${r}@demo.local`).join(', ')} (password: ${DEMO_PASSWORD}); agent "Demo receptionist" at sip:demo@127.0.0.1:5060`,
  );
} finally {
  await db.$disconnect();
}
