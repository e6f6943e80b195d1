/** The OpenAPI 3.1 document, generated from the schemas of the routes as fastify registers them. */
import type { FastifyInstance, RouteOptions } from 'fastify';

interface RouteDoc {
  method: string;
  url: string;
  schema: Record<string, any>;
}

export function collectRoutes(app: FastifyInstance): RouteDoc[] {
  const routes: RouteDoc[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Record<string, any> | undefined;
    if (!schema || schema.hide) return;
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url, schema });
  });
  return routes;
}

const parameters = (where: 'path' | 'query' | 'header', s: any) =>
  Object.entries<any>(s?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    ...(schema.description ? { description: schema.description } : {}),
    schema,
  }));

export function openApiDocument(routes: RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, url, schema } of routes) {
    const path = url.replace(/:(\w+)/g, '{$1}');
    const responses = Object.fromEntries(
      Object.entries<any>(schema.response ?? { 200: { description: 'OK' } }).map(([code, s]) => [
        code,
        {
          description: s.description ?? code,
          ...(s.type ? { content: { [s.contentType ?? 'application/json']: { schema: s } } } : {}),
        },
      ]),
    );
    (paths[path] ??= {})[method.toLowerCase()] = {
      summary: schema.summary,
      description: schema.description,
      tags: schema.tags,
      security: schema.security,
      parameters: [
        ...parameters('path', schema.params),
        ...parameters('query', schema.querystring),
        ...parameters('header', schema.headers),
      ],
      ...(schema.body ? { requestBody: { content: { 'application/json': { schema: schema.body } } } } : {}),
      ...(schema.consumes
        ? { requestBody: { content: Object.fromEntries(schema.consumes.map((c: string) => [c, {}])) } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'statetrail collector',
      version,
      description: 'See docs/collector.md for the record kinds and curl examples.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'statetrail_token' },
      },
    },
    paths,
  };
}
