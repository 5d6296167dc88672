export { testServices, withTestDatabase, uniqueName, type TestServices } from './services';
