/**
 * Stable partition of a key: FNV-1a over the key's UTF-16 code units. Not Kafka's murmur2: the
 * in-process bus only needs every message of a key on one partition, and an even spread of keys.
 */
export function partitionOfKey(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
