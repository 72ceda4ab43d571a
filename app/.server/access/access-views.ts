// What the API answers about people and their projects (the OpenAPI file documents these shapes).
import { z } from 'zod';
import { isoDateTime } from '../api/api-schemas.ts';
import { ROLES } from './permissions.ts';

export const roleSchema = z.enum(ROLES);

export const userView = z
  .object({ id: z.uuid(), email: z.string(), name: z.string().nullable() })
  .meta({ id: 'User' });

export const projectWithRoleView = z
  .object({ id: z.uuid(), name: z.string(), role: roleSchema, createdAt: isoDateTime })
  .meta({ id: 'ProjectWithRole' });
