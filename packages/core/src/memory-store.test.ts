import { createMemoryStore } from './memory-store.js';
import { testStore } from './testing/test-store.js';

testStore('createMemoryStore', () => createMemoryStore());
