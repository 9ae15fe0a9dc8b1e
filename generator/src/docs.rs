//! Turns spec prose (CommonMark with the odd HTML tag) into doc text rustdoc renders cleanly:
//! no accidental doctests, no broken intra-doc links, no bare URLs.

/// Makes `text` safe to put in a doc comment.
pub fn sanitize(text: &str) -> String {
    let text = text
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        // Tabs render unpredictably (and clippy refuses them in docs): four spaces.
        .replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut in_list = false;
    let mut in_quote = false;
    let mut list_indent = 2;
    let flush = |paragraph: &mut Vec<String>, out: &mut Vec<String>| {
        if !paragraph.is_empty() {
            out.extend(prose(&paragraph.join("\n")).lines().map(str::to_string));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut out);
            // Any fenced block would be compiled as a doctest unless marked as plain text.
            out.push(if in_fence { "```" } else { "```text" }.to_string());
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            out.push(String::new());
            in_list = false;
            in_quote = false;
            continue;
        }
        // A block quote: every line of it marked, as rustdoc (and clippy) expect, not only
        // the first (a "lazy" continuation).
        if let Some(quoted) = trimmed.strip_prefix('>') {
            in_quote = true;
            paragraph.push(format!("> {}", quoted.trim_start()));
            continue;
        }
        if in_quote {
            paragraph.push(format!("> {trimmed}"));
            continue;
        }
        // Indentation of four spaces would start an indented code block, i.e. a doctest; a
        // list item's continuation lines are indented by two, as rustdoc and clippy expect.
        if let Some((marker, text)) = list_item(trimmed) {
            // One space after the marker; continuation lines indented to the text.
            list_indent = marker.len() + 1;
            in_list = true;
            paragraph.push(format!("{marker} {text}"));
        } else if in_list {
            paragraph.push(format!("{}{trimmed}", " ".repeat(list_indent)));
        } else {
            paragraph.push(trimmed.to_string());
        }
    }
    flush(&mut paragraph, &mut out);
    if in_fence {
        out.push("```".to_string());
    }
    // Collapse runs of blank lines and trim the ends.
    let mut collapsed: Vec<String> = Vec::with_capacity(out.len());
    for line in out {
        if line.is_empty() && collapsed.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        collapsed.push(line);
    }
    while collapsed.last().is_some_and(|l| l.is_empty()) {
        collapsed.pop();
    }
    collapsed.join("\n")
}

/// A list item's marker (`-`, `*`, `+`, `1.`, `12)`) and text, if `line` is one.
fn list_item(line: &str) -> Option<(&str, &str)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker_len = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let rest = &line[marker_len..];
    (rest.starts_with(' ') && !rest.trim().is_empty())
        .then(|| (&line[..marker_len], rest.trim_start()))
}

fn is_web(target: &str) -> bool {
    ["http://", "https://", "mailto:", "#"]
        .iter()
        .any(|p| target.starts_with(p))
}

/// A paragraph of prose: links to web pages kept (even across lines), links to anything else
/// (a Rust path in the spec author's own crate, say) reduced to their text, other brackets
/// escaped, bare URLs wrapped, and `<` escaped unless it starts an autolink (spec prose says
/// `<uuid>`, which rustdoc would take for an HTML tag).
fn prose(block: &str) -> String {
    let mut out = String::with_capacity(block.len() + 8);
    let mut in_code = false;
    let mut rest = block;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '[' {
            if let Some((text, target, len)) = link(rest) {
                if is_web(target) {
                    out.push_str(&rest[..len]);
                } else {
                    out.push_str(&prose(text));
                }
                rest = &rest[len..];
                continue;
            }
        }
        if c == '[' || c == ']' {
            out.push('\\');
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if c == '<' && !rest[1..].starts_with("http") {
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || matches!(ch, '>' | '"' | '\'' | '`' | ')'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if matches!(out.chars().last(), Some('<')) {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            rest = &rest[url.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `[text](target)` at the start of `s`: its text, its target and its length.
fn link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find(']')?;
    let text = &s[1..close];
    if text.contains('[') || !s[close + 1..].starts_with('(') {
        return None;
    }
    let end = close + 2 + s[close + 2..].find(')')?;
    let target = &s[close + 2..end];
    (!target.contains(char::is_whitespace)).then_some((text, target, end + 1))
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn wraps_bare_urls_and_breaks_lines() {
        assert_eq!(
            sanitize("Create it. <br/>Please see https://example.com/a#b.create. <br/>Done"),
            "Create it.\nPlease see <https://example.com/a#b.create>.\nDone"
        );
        assert_eq!(
            sanitize("see <https://x.io> or [x](https://y.io)"),
            "see <https://x.io> or [x](https://y.io)"
        );
    }

    #[test]
    fn keeps_only_links_to_web_pages_and_escapes_tags() {
        assert_eq!(
            sanitize("a [`Disk`](omicron::api::Disk) and [docs](https://x.io/d)"),
            "a `Disk` and [docs](https://x.io/d)"
        );
        assert_eq!(
            sanitize("ids, eg: [<uuid>] or `<raw>`"),
            "ids, eg: \\[&lt;uuid>\\] or `<raw>`"
        );
        assert_eq!(
            sanitize("see the [custom media\ntype](https://docs.x.io/m) here"),
            "see the [custom media\ntype](https://docs.x.io/m) here"
        );
    }

    #[test]
    fn list_items_continue_indented() {
        assert_eq!(
            sanitize("Steps:\n- one\ncontinued\n\nafter"),
            "Steps:\n- one\n  continued\n\nafter"
        );
        assert_eq!(
            sanitize("*   wide\nmore\n10.  ten\nmore"),
            "* wide\n  more\n10. ten\n    more"
        );
    }

    #[test]
    fn tabs_and_lazy_quotes_are_normalised() {
        assert_eq!(
            sanitize("a\tb\n```\n\tcode\n```"),
            "a    b\n```text\n    code\n```"
        );
        assert_eq!(
            sanitize("Note:\n> first line\nlazy second\n\nafter"),
            "Note:\n> first line\n> lazy second\n\nafter"
        );
    }

    #[test]
    fn escapes_brackets_and_prevents_doctests() {
        assert_eq!(sanitize("list [a] of ids"), "list \\[a\\] of ids");
        assert_eq!(sanitize("`a[0]` ok"), "`a[0]` ok");
        assert_eq!(
            sanitize("x\n\n    indented code\n```\nfn main() {}\n```"),
            "x\n\nindented code\n```text\nfn main() {}\n```"
        );
    }
}
