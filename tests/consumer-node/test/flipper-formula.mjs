// Independent JS statement of Flipper's percentage_of_actors rule, used to derive the expected
// values the tests compare the package with:
//   open ⇔ crc32(feature_key + actor_id) % 100_000 < percentage * 1_000
// (zlib crc32 over UTF-8 bytes; several actor ids are sorted and joined with no separator).
import zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** zlib-compatible CRC-32 of a string's UTF-8 bytes. */
export function crc32(text) {
  let c = 0xffffffff;
  for (const b of Buffer.from(text, 'utf8')) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Cross-check the table implementation against Node's zlib when this Node has it (20.15+).
if (typeof zlib.crc32 === 'function') {
  for (const s of ['', 'a', 'feature_keyuser-1', 'ñandú-☃-😀']) {
    if (zlib.crc32(Buffer.from(s, 'utf8')) !== crc32(s)) throw new Error(`crc32 mismatch for ${s}`);
  }
}

export function actorKey(ids) {
  return [...ids].sort().join('');
}

export function inPercentage(featureKey, ids, percentage) {
  return crc32(featureKey + actorKey(ids)) % 100_000 < percentage * 1_000;
}
