/**
 * Runs once per `sqlite` / `postgres` project before its test files: prepares the demo database
 * the test platforms copy (server/test/template.ts), and drops it afterwards.
 */
import type { TestProject } from 'vitest/node';
import { buildTemplate, dropTemplate, type Template } from './template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: Template | null;
  }
}

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@localhost:5432/skillcert_test';

export default async function setup(project: TestProject) {
  const dialect = project.name === 'postgres' ? 'postgres' : 'sqlite';
  const template = await buildTemplate(dialect, PG_URL, { demo: true });
  project.provide('demoTemplate', template);
  return async () => {
    await dropTemplate(template, PG_URL);
  };
}
