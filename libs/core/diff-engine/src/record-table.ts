import { type CanonicalRecord } from './record';

const EMPTY_SLOT = -1;
const INITIAL_SLOTS = 16;

/** A 32-bit hash of a natural key (FNV-1a over UTF-16 code units, then murmur3's finaliser). */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let index = 0; index < key.length; index += 1) {
    hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/**
 * Records of one type by natural key, in insertion order: an open-addressing hash table over
 * typed arrays. Loading a million records is most of the work of a large diff, and a `Map`
 * spends much of it growing; this table grows by re-slotting stored hashes, never rehashing a
 * key, and the diff looks keys up with the hash it already holds.
 */
export class RecordTable {
  /** Entries in insertion order; a deleted entry leaves undefined until the next growth. */
  private keys: string[] = [];
  private records: (CanonicalRecord | undefined)[] = [];
  /** The hash of each entry's key; grows with the entries. */
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Slot → entry index, or EMPTY_SLOT; linear probing. */
  private slots = new Int32Array(INITIAL_SLOTS).fill(EMPTY_SLOT);
  private mask = INITIAL_SLOTS - 1;
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** How many entries `recordAt` and `hashAt` reach (deleted ones included, as undefined). */
  get entryCount(): number {
    return this.records.length;
  }

  recordAt(entry: number): CanonicalRecord | undefined {
    return this.records[entry];
  }

  hashAt(entry: number): number {
    return this.hashes[entry] as number;
  }

  get(key: string, hash = hashKey(key)): CanonicalRecord | undefined {
    const entry = this.entryOf(key, hash);
    return entry === EMPTY_SLOT ? undefined : this.records[entry];
  }

  has(key: string, hash = hashKey(key)): boolean {
    return this.get(key, hash) !== undefined;
  }

  /** Adds or replaces; returns false when a record with that key was replaced. */
  set(key: string, record: CanonicalRecord, hash = hashKey(key)): boolean {
    const slot = this.slotOf(key, hash);
    const entry = this.slots[slot] as number;
    if (entry !== EMPTY_SLOT && this.records[entry] !== undefined) {
      this.records[entry] = record;
      return false;
    }
    // A new key, or one deleted before: a new entry at the end, as a Map orders it.
    this.slots[slot] = this.records.length;
    const entryIndex = this.records.length;
    if (entryIndex === this.hashes.length) {
      const hashes = new Int32Array(entryIndex * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[entryIndex] = hash;
    this.keys.push(key);
    this.records.push(record);
    this.live += 1;
    if (this.records.length * 2 > this.slots.length) this.grow();
    return true;
  }

  delete(key: string, hash = hashKey(key)): boolean {
    const entry = this.entryOf(key, hash);
    if (entry === EMPTY_SLOT || this.records[entry] === undefined) return false;
    this.records[entry] = undefined;
    this.live -= 1;
    return true;
  }

  *values(): IterableIterator<CanonicalRecord> {
    const records = this.records;
    for (let entry = 0; entry < records.length; entry += 1) {
      const record = records[entry];
      if (record !== undefined) yield record;
    }
  }

  /** The entry holding the key (possibly deleted), or EMPTY_SLOT. */
  private entryOf(key: string, hash: number): number {
    return this.slots[this.slotOf(key, hash)] as number;
  }

  /** The slot that holds the key, or the empty slot where it would go. */
  private slotOf(key: string, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot] as number;
      if (entry === EMPTY_SLOT || (this.hashes[entry] === hash && this.keys[entry] === key)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Doubles the slots (at most half full), dropping deleted entries. */
  private grow(): void {
    if (this.live < this.records.length) this.compact();
    let size = this.slots.length;
    while (this.records.length * 2 > size) size *= 2;
    const slots = new Int32Array(size).fill(EMPTY_SLOT);
    const mask = size - 1;
    const hashes = this.hashes;
    for (let entry = 0; entry < this.records.length; entry += 1) {
      let slot = (hashes[entry] as number) & mask;
      while (slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private compact(): void {
    const keys: string[] = [];
    const records: CanonicalRecord[] = [];
    const hashes = this.hashes;
    for (let entry = 0; entry < this.records.length; entry += 1) {
      const record = this.records[entry];
      if (record === undefined) continue;
      hashes[records.length] = hashes[entry] as number;
      keys.push(this.keys[entry] as string);
      records.push(record);
    }
    this.keys = keys;
    this.records = records;
  }
}
