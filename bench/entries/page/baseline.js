// Plain-JS baseline of Flipper's formula: crc32(key + id as UTF-8) % 100000 < percentage * 1000,
// table-driven CRC-32 (zlib polynomial), UTF-8 encoded inline (no TextEncoder allocation).
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}
function crcByte(crc, b) {
  return TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
}
function crcString(crc, s) {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) crc = crcByte(crc, c);
    else if (c < 0x800) crc = crcByte(crcByte(crc, 0xc0 | (c >> 6)), 0x80 | (c & 63));
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      crc = crcByte(crcByte(crcByte(crcByte(crc, 0xf0 | (c >> 18)), 0x80 | ((c >> 12) & 63)), 0x80 | ((c >> 6) & 63)), 0x80 | (c & 63));
    } else crc = crcByte(crcByte(crcByte(crc, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 63)), 0x80 | (c & 63));
  }
  return crc;
}
export function flipperBucket(key, id) {
  return ((crcString(crcString(-1, key), id) ^ -1) >>> 0) % 100000;
}
window.bench = { forActor: (id) => flipperBucket('feat_pct', id) < 50 * 1000 };
