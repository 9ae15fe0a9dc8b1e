//! Rust names for spec names: case conversion, keywords, leading digits and collisions, in one place.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict and reserved keywords of every edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield", "Self",
];

/// Which identifier convention a name is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `snake_case`: fields, methods, parameters.
    Snake,
    /// `UpperCamelCase`: types and enum variants.
    Pascal,
}

/// Converts any spec string into a valid, lint-clean Rust identifier of the given case.
///
/// Keywords get a trailing `_` (`type` → `type_`), names starting with a digit get a prefix
/// (`360` → `_360` in snake case, `V360` in Pascal case), and names with no usable characters
/// become `empty` / `Empty`. The result never needs `r#`.
pub fn sanitize(raw: &str, case: Case) -> String {
    // heck drops punctuation; keep word boundaries for characters like '.', '/', '-' or '@'.
    let spaced: String = raw
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let converted = match case {
        Case::Snake => spaced.to_snake_case(),
        Case::Pascal => spaced.to_upper_camel_case(),
    };
    // Only ASCII identifiers: they work everywhere and never trip `non_ascii_idents`.
    let mut name: String = converted
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        name = match case {
            Case::Snake => "empty".into(),
            Case::Pascal => "Empty".into(),
        };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = match case {
            Case::Snake => format!("_{name}"),
            Case::Pascal => format!("V{name}"),
        };
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hands out unique names within one scope (a module's types, a struct's fields, an enum's
/// variants). A name already taken gets the smallest numeric suffix that is free, so the result
/// depends only on the order of requests, which callers keep deterministic.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used without allocating it (names the generated code itself defines).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Returns `sanitize(raw, case)`, or that name with a numeric suffix if it is taken.
    pub fn allocate(&mut self, raw: &str, case: Case) -> String {
        let base = sanitize(raw, case);
        self.claim(base, case)
    }

    /// Claims an already-sanitized identifier, suffixing it if taken.
    pub fn claim(&mut self, base: String, case: Case) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        // A keyword-escaped base such as `type_` already ends with the separator.
        let stem = base.strip_suffix('_').unwrap_or(&base);
        // `V1` + 2 must not read as `V12`; `_` between digits is still camel case.
        let sep = match case {
            Case::Pascal if !stem.ends_with(|c: char| c.is_ascii_digit()) => "",
            _ => "_",
        };
        (2..)
            .map(|n| format!("{stem}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_cases() {
        assert_eq!(sanitize("deleteAsset", Case::Snake), "delete_asset");
        assert_eq!(
            sanitize("version_stacks.create", Case::Snake),
            "version_stacks_create"
        );
        assert_eq!(sanitize("head_version", Case::Pascal), "HeadVersion");
        assert_eq!(sanitize("api-version", Case::Snake), "api_version");
        assert_eq!(sanitize("in_progress", Case::Pascal), "InProgress");
    }

    #[test]
    fn escapes_keywords_and_digits() {
        assert_eq!(sanitize("type", Case::Snake), "type_");
        assert_eq!(sanitize("_type", Case::Snake), "type_");
        assert_eq!(sanitize("self", Case::Snake), "self_");
        assert_eq!(sanitize("Self", Case::Pascal), "Self_");
        assert_eq!(sanitize("360", Case::Snake), "_360");
        assert_eq!(sanitize("1080p", Case::Pascal), "V1080p");
        assert_eq!(sanitize("image_32", Case::Snake), "image_32");
    }

    #[test]
    fn empty_and_symbol_only_names() {
        assert_eq!(sanitize("", Case::Pascal), "Empty");
        assert_eq!(sanitize("", Case::Snake), "empty");
        assert_eq!(sanitize("-", Case::Snake), "empty");
        assert_eq!(sanitize("caf\u{e9}", Case::Snake), "caf");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut ns = Namespace::new();
        assert_eq!(ns.allocate("type", Case::Snake), "type_");
        assert_eq!(ns.allocate("_type", Case::Snake), "type_2");
        assert_eq!(ns.allocate("Type", Case::Snake), "type_3");
        let mut ns = Namespace::new();
        ns.reserve("Unknown");
        assert_eq!(ns.allocate("unknown", Case::Pascal), "Unknown2");
        assert_eq!(ns.allocate("+1", Case::Pascal), "V1");
        assert_eq!(ns.allocate("-1", Case::Pascal), "V1_2");
    }
}
