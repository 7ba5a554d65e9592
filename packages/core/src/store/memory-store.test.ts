import { testStore } from '../testing/test-store.js';
import { createMemoryStore } from './memory-store.js';

testStore('createMemoryStore', () => createMemoryStore());
