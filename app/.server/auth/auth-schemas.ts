// What the sign-in API accepts and answers: one place for the routes that validate it and the OpenAPI file.
import { z } from 'zod';

export const signInInput = z.object({
  email: z.email('Enter a valid email').max(320),
  password: z.string().min(1, 'Password is required').max(1024),
});

export const refreshInput = z.object({
  refreshToken: z.string().min(1, 'refreshToken is required').max(200),
});

/** The sign-in is named by `refreshToken`, or else by the Bearer access token. */
export const signOutInput = z.object({ refreshToken: z.string().max(200).optional() });

export const tokenPairView = z
  .object({
    accessToken: z.string().describe('JWT, 15 minutes; send as `Authorization: Bearer`.'),
    refreshToken: z.string().describe('Opaque; good for one use, rotated on every refresh.'),
    expiresIn: z.number().int().describe('Seconds until the access token expires.'),
  })
  .meta({ id: 'TokenPair' });
