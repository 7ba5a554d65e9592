import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCustomCloud } from '../testing/make-custom-cloud.js';
import { testStore } from '../testing/test-store.js';
import { createJsonFileStore } from './json-file-store.js';

const folders: string[] = [];
const freshPath = async () => {
  const folder = await mkdtemp(join(tmpdir(), 'byoc-store-'));
  folders.push(folder);
  return join(folder, 'nested', 'clouds.json');
};
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

testStore('createJsonFileStore', async () => createJsonFileStore({ path: await freshPath() }));

const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'File',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
});

describe('createJsonFileStore', () => {
  it('keeps the clouds across store instances, as separate CLI runs do', async () => {
    const path = await freshPath();
    await createJsonFileStore({ path }).insert(cloud);
    expect(await createJsonFileStore({ path }).get(cloud.id)).toEqual(cloud);
  });

  it('leaves no temporary file behind and writes a versioned document', async () => {
    const path = await freshPath();
    const store = createJsonFileStore({ path });
    await store.insert(cloud);
    await store.update({ ...cloud, version: 2 }, { expectedVersion: 1 });
    const folder = join(path, '..');
    expect(await readdir(folder)).toEqual(['clouds.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      format: 'byoc-kit.custom-clouds.v1',
      clouds: [{ id: cloud.id, version: 2 }],
    });
  });

  it('keeps the previous state readable when a write dies before its rename', async () => {
    const path = await freshPath();
    await createJsonFileStore({ path }).insert(cloud);
    // What a crash between write and rename leaves: a half-written temporary file beside the store.
    await writeFile(join(path, '..', `.clouds.json.${process.pid}.1.tmp`), '{"format":"byoc-kit.custom-clouds.v1","clouds":[{"id":');
    expect(await createJsonFileStore({ path }).get(cloud.id)).toEqual(cloud);
  });

  it('refuses a corrupt file with STORE_CORRUPT and does not overwrite it', async () => {
    const path = await freshPath();
    const store = createJsonFileStore({ path });
    await store.insert(cloud);
    await writeFile(path, '{ not json');
    await expect(store.list()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await expect(store.insert({ ...cloud, id: '00000000-0000-4000-8000-000000000009' })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await readFile(path, 'utf8')).toBe('{ not json');
  });

  it('refuses a file whose clouds break the schema', async () => {
    const path = await freshPath();
    await createJsonFileStore({ path }).insert(cloud);
    const document = JSON.parse(await readFile(path, 'utf8'));
    document.clouds[0].state = 'exploded';
    await writeFile(path, JSON.stringify(document));
    await expect(createJsonFileStore({ path }).get(cloud.id)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  it('loses no acknowledged update when two instances in one process share a path', async () => {
    const path = await freshPath();
    const first = createJsonFileStore({ path });
    const second = createJsonFileStore({ path: join(path, '..', '.', 'clouds.json') });
    const clouds = Array.from({ length: 26 }, (_, index) =>
      makeCustomCloud(
        { organizationId: 'org', displayName: `Cloud ${index}`, provider: 'aws', region: 'eu-north-1', reservedCidr: '10.0.0.0/16' },
        {
          id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
          externalId: `SharedPathExternalId${String(index).padStart(12, '0')}`,
        },
      ),
    );
    await Promise.all(clouds.map((cloud, index) => (index % 2 === 0 ? first : second).insert(cloud)));
    const results = await Promise.allSettled(
      clouds.map((cloud, index) =>
        (index % 2 === 0 ? second : first).update({ ...cloud, displayName: `Renamed ${index}`, version: 2 }, { expectedVersion: 1 }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const stored = await createJsonFileStore({ path }).list();
    expect(stored.map((cloud) => cloud.displayName).sort()).toEqual(clouds.map((_, index) => `Renamed ${index}`).sort());
  });

  it('reports an unwritable location with STORE_IO_FAILED', async () => {
    const path = await freshPath();
    await writeFile(join(path, '..', '..', 'blocker'), 'a file where a folder should be');
    const store = createJsonFileStore({ path: join(path, '..', '..', 'blocker', 'clouds.json') });
    await expect(store.insert(cloud)).rejects.toMatchObject({ code: 'STORE_IO_FAILED' });
  });
});
