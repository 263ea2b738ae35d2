// Public surface of the universes: their schemas, code lists, the real geography, and how to open them.
export * from './schema.ts';
export * as codes from './codes.ts';
export { TOTAL } from './codes.ts';
export type { CodeList } from './codes.ts';
export * from './geography.ts';
export * from './store.ts';
export * from './database.ts';
export { lockHolder, processAlive, takeLockFile, type LockHolder } from './lock-file.ts';
