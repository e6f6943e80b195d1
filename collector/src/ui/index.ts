import type { FastifyInstance } from 'fastify';

// The web UI (issue 10) is registered here; until it lands the collector serves its API only.
export async function registerUi(_app: FastifyInstance): Promise<void> {}
