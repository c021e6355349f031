/** An in-memory stand-in for `browser.storage.local` and `.session` (unit tests of the stores). */
export interface FakeStorageArea {
  map: Map<string, unknown>;
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export function createFakeStorageArea(): FakeStorageArea {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (key) => (map.has(key) ? { [key]: structuredClone(map.get(key)) } : {}),
    set: async (items) => {
      for (const [key, value] of Object.entries(items)) map.set(key, structuredClone(value));
    },
    remove: async (key) => void map.delete(key),
  };
}
