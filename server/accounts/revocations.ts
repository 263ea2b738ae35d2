// Ids of session tokens revoked before their expiry (logout, used challenge tokens). Kept until the token would have
// expired anyway, and saved in data/system/revoked.json so that a restart does not bring a logged-out token back.
import { readJson, writeAtomic } from '../system/files.ts';

export class Revocations {
  private constructor(readonly path: string, private readonly ids: Map<string, number>) {}

  static async load(path: string): Promise<Revocations> {
    const saved = (await readJson<Record<string, number>>(path)) ?? {};
    return new Revocations(path, new Map(Object.entries(saved)));
  }

  has(jti: string): boolean {
    return this.ids.has(jti);
  }

  /** `exp`: the token's expiry in seconds; `nowSeconds`: to forget the ids of tokens expired by then. */
  async revoke(jti: string, exp: number, nowSeconds: number): Promise<void> {
    this.ids.set(jti, exp);
    for (const [id, e] of this.ids) if (e < nowSeconds) this.ids.delete(id);
    await writeAtomic(this.path, JSON.stringify(Object.fromEntries(this.ids)));
  }
}
