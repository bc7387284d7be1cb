export {
  createTestDatabase,
  ensureTemplate,
  templateName,
  testServerUrl,
  type TestDatabase,
} from './test-database.ts';
