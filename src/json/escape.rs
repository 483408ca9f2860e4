//! Writing text as JSON string content.

/// Bytes looked at together when searching for one that needs attention:
/// the all-clear test over a block compiles to SIMD compares, and only a
/// block that holds a hit is walked byte by byte.
pub(super) const BLOCK: usize = 32;

/// Writes `s` as the content of a JSON string (RFC 8259 §7), without the
/// quotes, escaping as little as possible: `"` and `\` get a backslash,
/// `\n` `\r` `\t` `\b` `\f` their short forms, other control characters
/// `\u00XX`. Everything else, non-ASCII included, is written as it is.
pub fn write_escaped(s: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    let mut copied = 0;
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if !block.iter().fold(false, |any, &b| any | needs_escape(b)) {
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            if !needs_escape(b) {
                continue;
            }
            let at = k * BLOCK + j;
            out.extend_from_slice(&bytes[copied..at]);
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                0x08 => b'b',
                0x0c => b'f',
                _ => 0,
            };
            if short != 0 {
                out.extend_from_slice(&[b'\\', short]);
            } else {
                out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xf)],
                ]);
            }
            copied = at + 1;
        }
    }
    out.extend_from_slice(&bytes[copied..]);
}

#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Index of the first control character (below 0x20) in `bytes`.
#[inline]
pub(super) fn find_control(bytes: &[u8]) -> Option<usize> {
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if block.iter().fold(false, |any, &b| any | (b < 0x20)) {
            return block.iter().position(|&b| b < 0x20).map(|j| k * BLOCK + j);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        write_escaped(s, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn escapes_only_what_json_requires() {
        assert_eq!(escaped("plain ₹ नमस्ते / '"), "plain ₹ नमस्ते / '");
        assert_eq!(
            escaped("a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{0}i\u{1f}j\u{7f}"),
            "a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u001fj\u{7f}"
        );
    }

    #[test]
    fn escaped_text_parses_back() {
        let mut s = String::new();
        for c in (0u32..0x300).filter_map(char::from_u32) {
            s.push(c);
        }
        s.push_str(&"x\"".repeat(50));
        let json = format!("\"{}\"", escaped(&s));
        assert_eq!(serde_json::from_str::<String>(&json).ok(), Some(s));
    }

    #[test]
    fn finds_control_characters_in_any_block() {
        assert_eq!(find_control(b""), None);
        assert_eq!(find_control(&[b'a'; 100]), None);
        for at in [0, 31, 32, 33, 99] {
            let mut bytes = vec![b'a'; 100];
            bytes[at] = b'\n';
            assert_eq!(find_control(&bytes), Some(at));
        }
    }
}
