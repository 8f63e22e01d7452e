//! zlib CRC-32 (polynomial 0xEDB88320, reflected, init and final xor 0xFFFFFFFF) — the hash
//! Flipper's `percentage_of_actors` gate uses through `Zlib.crc32`.

const TABLE: [u32; 256] = build_table();

const fn build_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

/// Continues a CRC over more bytes; start with `0` (the value of an empty input).
pub fn update(crc: u32, bytes: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in bytes {
        c = TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

/// CRC-32 of the concatenation of `parts`, without allocating the joined string.
pub fn crc32_parts(parts: &[&str]) -> u32 {
    parts.iter().fold(0, |crc, p| update(crc, p.as_bytes()))
}

pub fn crc32(bytes: &[u8]) -> u32 {
    update(0, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_zlib_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn parts_equal_whole() {
        assert_eq!(
            crc32_parts(&["my_feature", "user-1"]),
            crc32(b"my_featureuser-1")
        );
        assert_eq!(crc32_parts(&["", "é"]), crc32("é".as_bytes()));
    }
}
