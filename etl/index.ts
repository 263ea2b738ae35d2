// Public surface of the ETL: the extract format, the income ceilings, and (load.ts) loading an extract.
export * from './format.ts';
export * from './ceilings.ts';
export { parseFrenchDate, frenchOf } from './dates.ts';
