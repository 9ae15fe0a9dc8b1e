//! Turns spec prose (CommonMark with the odd HTML tag) into doc text rustdoc renders cleanly:
//! no accidental doctests, no broken intra-doc links, no bare URLs.

/// Makes `text` safe to put in a doc comment.
pub fn sanitize(text: &str) -> String {
    let text = text
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n");
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Any fenced block would be compiled as a doctest unless marked as plain text.
            out.push(if in_fence { "```" } else { "```text" }.to_string());
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            // Indentation of four spaces would start an indented code block, i.e. a doctest.
            out.push(prose(line.trim()));
        }
    }
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

/// One line of prose outside code: escape brackets, wrap bare URLs.
fn prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let has_links = line.contains("](");
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            if (c == '[' || c == ']') && !has_links {
                out.push('\\');
                out.push(c);
                rest = &rest[1..];
                continue;
            }
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let preceded = out.chars().last();
                let end = rest
                    .find(|ch: char| ch.is_whitespace() || matches!(ch, '>' | '"' | '\'' | '`'))
                    .unwrap_or(rest.len());
                let mut url = &rest[..end];
                url = url.trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
                if matches!(preceded, Some('<') | Some('(')) {
                    out.push_str(url);
                } else {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                }
                rest = &rest[url.len()..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
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
    fn escapes_brackets_and_prevents_doctests() {
        assert_eq!(sanitize("list [a] of ids"), "list \\[a\\] of ids");
        assert_eq!(sanitize("`a[0]` ok"), "`a[0]` ok");
        assert_eq!(
            sanitize("x\n\n    indented code\n```\nfn main() {}\n```"),
            "x\n\nindented code\n```text\nfn main() {}\n```"
        );
    }
}
