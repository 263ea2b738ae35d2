// Encrypted extractions (seed 003: extractions of personal data are encrypted). AES-256-GCM with a fresh random key
// per extraction, shown once to the analyst and never stored (the journal keeps the SHA-256 of the encrypted file).
//
// File layout: "ICX1" (4 bytes) | IV (12 bytes) | ciphertext | GCM tag (16 bytes); the 4 magic bytes are the
// additional authenticated data. `infocentre decrypt FILE --key HEX` opens it; so does any AES-GCM library, e.g.
// Python: AESGCM(bytes.fromhex(key)).decrypt(data[4:16], data[16:], b"ICX1").
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { error } from '../../registry/index.ts';

export const ENVELOPE_MAGIC = Buffer.from('ICX1', 'ascii');
const IV = 12;
const TAG = 16;

export interface Envelope {
  bytes: Buffer;
  /** 64 hexadecimal characters (256 bits). */
  key: string;
  sha256: string;
}

export function encryptEnvelope(plain: Uint8Array): Envelope {
  const key = randomBytes(32);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(ENVELOPE_MAGIC);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const bytes = Buffer.concat([ENVELOPE_MAGIC, iv, body, cipher.getAuthTag()]);
  return { bytes, key: key.toString('hex'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function decryptEnvelope(bytes: Uint8Array, keyHex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) throw error('SRV_BAD_ENVELOPE', ['la clé doit faire 64 caractères hexadécimaux']);
  const data = Buffer.from(bytes);
  if (data.length < ENVELOPE_MAGIC.length + IV + TAG || !data.subarray(0, 4).equals(ENVELOPE_MAGIC)) {
    throw error('SRV_BAD_ENVELOPE', ['ce n\'est pas une extraction chiffrée de l\'infocentre (en-tête ICX1 absent)']);
  }
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), data.subarray(4, 4 + IV));
  decipher.setAAD(ENVELOPE_MAGIC);
  decipher.setAuthTag(data.subarray(data.length - TAG));
  try {
    return Buffer.concat([decipher.update(data.subarray(4 + IV, data.length - TAG)), decipher.final()]);
  } catch {
    throw error('SRV_BAD_ENVELOPE', ['clé incorrecte ou fichier modifié']);
  }
}
