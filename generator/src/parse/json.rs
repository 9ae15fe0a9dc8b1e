//! The line of a node in JSON text, by JSON pointer: a small scanner, run only when an error
//! needs a line (serde_json's values carry no positions).

enum Frame {
    Array(usize),
    /// The current member's key once read (`None` while a key is expected).
    Object(Option<String>),
}

/// The 1-based line where the node at `segments` is written: for an object member, its key's
/// line. When the node does not exist, the line of its deepest existing ancestor.
pub(crate) fn line_of(source: &str, segments: &[String]) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut best: Option<(usize, usize)> = None;
    let mut line = 1;
    let mut i = 0;
    // Records the node at the current path; true when it is the target itself.
    let note = |stack: &[Frame], line: usize, best: &mut Option<(usize, usize)>| {
        let depth = stack.len();
        let matched = depth <= segments.len()
            && stack.iter().zip(segments).all(|(frame, seg)| match frame {
                Frame::Array(index) => seg.parse::<usize>().ok() == Some(*index),
                Frame::Object(Some(key)) => key == seg,
                Frame::Object(None) => false,
            });
        if matched && best.is_none_or(|(d, _)| depth > d) {
            *best = Some((depth, line));
        }
        matched && depth == segments.len()
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => line += 1,
            b' ' | b'\t' | b'\r' | b':' => {}
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let (text, end, lines) = string(bytes, i);
                let start_line = line;
                line += lines;
                i = end;
                match stack.last_mut() {
                    Some(Frame::Object(key @ None)) => {
                        *key = Some(text);
                        if note(&stack, start_line, &mut best) {
                            break;
                        }
                    }
                    _ => {
                        if value_start(&stack) && note(&stack, start_line, &mut best) {
                            break;
                        }
                    }
                }
                continue;
            }
            b'{' | b'[' => {
                if value_start(&stack) && note(&stack, line, &mut best) {
                    break;
                }
                stack.push(if b == b'{' {
                    Frame::Object(None)
                } else {
                    Frame::Array(0)
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            _ => {
                if value_start(&stack) && note(&stack, line, &mut best) {
                    break;
                }
                while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b'\n' | b' ') {
                    i += 1;
                }
                continue;
            }
        }
        i += 1;
    }
    best.filter(|(depth, _)| *depth > 0 || segments.is_empty())
        .map(|(_, line)| line)
}

/// Values in arrays (and the root) are noted where they start; object members at their key.
fn value_start(stack: &[Frame]) -> bool {
    !matches!(stack.last(), Some(Frame::Object(_)))
}

/// Reads the string starting at `bytes[start] == '"'`: (decoded text, index after the closing
/// quote, newlines inside). Lenient: a scanner for locating, not a validator.
fn string(bytes: &[u8], start: usize) -> (String, usize, usize) {
    let mut units: Vec<u16> = Vec::new();
    let mut raw: Vec<u8> = Vec::new();
    let mut i = start + 1;
    let mut lines = 0;
    let flush = |raw: &mut Vec<u8>, units: &mut Vec<u16>| {
        units.extend(String::from_utf8_lossy(raw).encode_utf16());
        raw.clear();
    };
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                break;
            }
            b'\\' if i + 1 < bytes.len() => {
                flush(&mut raw, &mut units);
                let escaped = bytes[i + 1];
                i += 2;
                match escaped {
                    b'u' => {
                        let hex = bytes
                            .get(i..i + 4)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        if let Some(unit) = hex.and_then(|h| u16::from_str_radix(h, 16).ok()) {
                            units.push(unit);
                            i += 4;
                        }
                    }
                    b'n' => units.push(u16::from(b'\n')),
                    b't' => units.push(u16::from(b'\t')),
                    b'r' => units.push(u16::from(b'\r')),
                    b'b' => units.push(8),
                    b'f' => units.push(12),
                    other => units.push(u16::from(other)),
                }
                continue;
            }
            b'\n' => {
                lines += 1;
                raw.push(b'\n');
            }
            other => raw.push(other),
        }
        i += 1;
    }
    flush(&mut raw, &mut units);
    (String::from_utf16_lossy(&units), i, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_member_and_item_lines() {
        let doc = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/a\": {\n      \"get\": {\n        \"tags\": [\n          \"x\",\n          {\"deep\": 1}\n        ]\n      }\n    }\n  },\n  \"k\\u00e9y\": \"\\ud83d\\udc4d\"\n}\n";
        assert_eq!(line_of(doc, &segs(&["paths", "/a", "get"])), Some(5));
        assert_eq!(
            line_of(doc, &segs(&["paths", "/a", "get", "tags", "1"])),
            Some(8)
        );
        assert_eq!(
            line_of(doc, &segs(&["paths", "/a", "get", "tags", "1", "deep"])),
            Some(8)
        );
        assert_eq!(line_of(doc, &segs(&["k\u{e9}y"])), Some(13));
        assert_eq!(line_of(doc, &segs(&["paths", "/b"])), Some(3));
        assert_eq!(line_of(doc, &segs(&["nope"])), None);
    }
}
