// The local stand-in for Cognito: signs tokens for a handle with a key made at start. A token
// lives as long as the process that made it, which is what a local run wants.
import { SignJWT, generateKeyPair, jwtVerify, type JWTPayload } from 'jose';

export const LOCAL_ISSUER = 'service-contacts-local';
export const AUDIENCE = 'service-contacts';
const ALGORITHM = 'ES256';

export interface LocalIssuer {
  /** A signed JWT whose `nic` (and `sub`) is the handle, valid for one hour. */
  issueToken(nic: string): Promise<string>;
  /** The verified claims of a `Bearer …` header value (or a bare token); null if bad or expired. */
  verifyToken(bearer: string | undefined): Promise<JWTPayload | null>;
}

export async function createLocalIssuer(): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
  return {
    issueToken: (nic) =>
      new SignJWT({ nic })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(nic)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    async verifyToken(bearer) {
      const token = bearer?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return null;
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: AUDIENCE,
          algorithms: [ALGORITHM],
        });
        return payload;
      } catch {
        return null;
      }
    },
  };
}
