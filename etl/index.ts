// Public surface of the ETL: the extract format, the income ceilings, and (load.ts) loading an extract.
export * from './format.ts';
export * from './ceilings.ts';
export { parseFrenchDate, frenchOf } from './dates.ts';
export { loadExtract, LOAD_STEPS, type LoadOptions, type LoadStep } from './load.ts';
export { formatReport, type LoadReport, type FileReport } from './report.ts';
export { checkTotals, verifySnapshot } from './totals.ts';
export { generateFixtures } from '../fixtures/index.ts';
