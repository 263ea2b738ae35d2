// A plugin whose decorators and hooks apply to the whole app rather than to its own encapsulated context: Fastify's
// documented `skip-override` symbol (what fastify-plugin sets), without adding that package for one line.
import type { FastifyInstance } from 'fastify';

export function shared<O>(name: string, fn: (app: FastifyInstance, options: O) => Promise<void>) {
  const plugin = async (app: FastifyInstance, options: O) => fn(app, options);
  Object.defineProperty(plugin, 'name', { value: name });
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  (plugin as unknown as Record<symbol, string>)[Symbol.for('fastify.display-name')] = name;
  return plugin;
}
