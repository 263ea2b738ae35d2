// Public surface of the registries of errors and user-facing messages.
export * from './errors.ts';
export * from './messages.ts';
