//! Each example is checked against the generated types the way serde will read it and write
//! it back: an example that contradicts its schema (a missing required property, a string where
//! a number belongs, a property the schema does not declare, which decoding would drop) is
//! marked with the reason, so its test is listed as ignored rather than failing or skipped.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ir::{EnumRepr, Example, Tagging, TypeDef, TypeKind, TypeRef};

/// Fills in `problem` for each example, against the finished types.
pub(crate) fn check(types: &[TypeDef], examples: &mut [Example]) {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let checker = Checker { types: &by_name };
    for example in examples {
        example.problem = checker.check(&example.ty, &example.value, "", true).err();
    }
}

struct Checker<'a> {
    types: &'a BTreeMap<&'a str, &'a TypeDef>,
}

impl Checker<'_> {
    /// Whether `value` decodes as `ty`; with `strict`, also whether it encodes back whole.
    fn check(&self, ty: &TypeRef, value: &Value, at: &str, strict: bool) -> Result<(), String> {
        let fail = |what: &str| {
            Err(format!(
                "at `{}`: expected {what}, found {}",
                display(at),
                kind(value)
            ))
        };
        match ty {
            TypeRef::Option(inner) => match value {
                Value::Null => Ok(()),
                _ => self.check(inner, value, at, strict),
            },
            TypeRef::Value => Ok(()),
            TypeRef::String => value
                .is_string()
                .then_some(())
                .map_or_else(|| fail("a string"), Ok),
            TypeRef::Uuid => match value.as_str() {
                Some(s) if is_uuid(s) => Ok(()),
                _ => fail("a lower-case hyphenated UUID"),
            },
            TypeRef::DateTime => match value.as_str() {
                Some(s) if is_date_time(s) => Ok(()),
                _ => fail("an RFC 3339 date-time"),
            },
            TypeRef::Date => match value.as_str() {
                Some(s) if is_date(s) => Ok(()),
                _ => fail("a date (YYYY-MM-DD)"),
            },
            TypeRef::Bool => value
                .is_boolean()
                .then_some(())
                .map_or_else(|| fail("a boolean"), Ok),
            TypeRef::F32 | TypeRef::F64 => value
                .is_number()
                .then_some(())
                .map_or_else(|| fail("a number"), Ok),
            TypeRef::I8
            | TypeRef::I16
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64 => {
                let (low, high): (i128, i128) = match ty {
                    TypeRef::I8 => (i8::MIN.into(), i8::MAX.into()),
                    TypeRef::I16 => (i16::MIN.into(), i16::MAX.into()),
                    TypeRef::I32 => (i32::MIN.into(), i32::MAX.into()),
                    TypeRef::U8 => (0, u8::MAX.into()),
                    TypeRef::U16 => (0, u16::MAX.into()),
                    TypeRef::U32 => (0, u32::MAX.into()),
                    TypeRef::U64 => (0, u64::MAX.into()),
                    _ => (i64::MIN.into(), i64::MAX.into()),
                };
                let n = value
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| value.as_u64().map(i128::from));
                match n {
                    Some(n) if (low..=high).contains(&n) => Ok(()),
                    _ => fail(&format!("an integer in {low}..={high}")),
                }
            }
            TypeRef::Vec(item) => match value {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, v)| self.check(item, v, &format!("{at}/{i}"), strict)),
                _ => fail("an array"),
            },
            TypeRef::Map(inner) => match value {
                Value::Object(map) => map.iter().try_for_each(|(k, v)| {
                    self.check(inner, v, &format!("{at}/{}", escape(k)), strict)
                }),
                _ => fail("an object"),
            },
            TypeRef::Named(name) | TypeRef::Boxed(name) => match self.types.get(name.as_str()) {
                Some(def) => self.check_def(def, value, at, strict),
                None => Ok(()),
            },
            TypeRef::Def(finished) => match *finished {},
        }
    }

    fn check_def(
        &self,
        def: &TypeDef,
        value: &Value,
        at: &str,
        strict: bool,
    ) -> Result<(), String> {
        let fail = |what: &str| {
            Err(format!(
                "at `{}`: expected {what}, found {}",
                display(at),
                kind(value)
            ))
        };
        match &def.kind {
            TypeKind::Alias(t) | TypeKind::Newtype(t) => self.check(t, value, at, strict),
            TypeKind::Enum(e) => match (e.repr, value) {
                (EnumRepr::String, Value::String(_)) => Ok(()),
                (EnumRepr::Integer, v) if v.is_i64() => Ok(()),
                (EnumRepr::String, _) => fail("a string"),
                (EnumRepr::Integer, _) => fail("an integer"),
            },
            TypeKind::Struct(s) => {
                let Value::Object(map) = value else {
                    return fail(&format!("a `{}` object", def.name));
                };
                for field in &s.fields {
                    let field_at = format!("{at}/{}", escape(&field.wire_name));
                    match map.get(&field.wire_name) {
                        Some(Value::Null) if !field.is_optional() => {
                            return Err(format!(
                                "at `{field_at}`: `null` for a property that is not nullable"
                            ))
                        }
                        Some(Value::Null) => {}
                        Some(v) => self.check(&field.ty, v, &field_at, strict)?,
                        None if !field.is_optional() => {
                            return Err(format!(
                                "at `{}`: the required property `{}` is missing",
                                display(at),
                                field.wire_name
                            ))
                        }
                        None => {}
                    }
                }
                for (key, v) in map {
                    if s.fields.iter().any(|f| f.wire_name == *key) {
                        continue;
                    }
                    match &s.additional {
                        Some(extra) => self.check(extra, v, &format!("{at}/{}", escape(key)), strict)?,
                        None if strict => {
                            return Err(format!(
                                "at `{}`: the property `{key}` is not in the schema (decoding drops it)",
                                display(at)
                            ))
                        }
                        None => {}
                    }
                }
                Ok(())
            }
            TypeKind::Union(u) => match &u.tagging {
                Tagging::Untagged => {
                    // serde takes the first variant that decodes; that one must also encode back.
                    let chosen = u
                        .variants
                        .iter()
                        .filter_map(|v| v.ty.as_ref())
                        .find(|t| self.check(t, value, at, false).is_ok());
                    match chosen {
                        Some(t) => self.check(t, value, at, strict),
                        None => Err(format!(
                            "at `{}`: matches none of `{}`'s variants",
                            display(at),
                            def.name
                        )),
                    }
                }
                Tagging::Internal { property } => {
                    let tag = value.get(property).and_then(Value::as_str);
                    let Some(variant) =
                        tag.and_then(|t| u.variants.iter().find(|v| v.tags.iter().any(|x| x == t)))
                    else {
                        // An unknown kind is kept whole.
                        return Ok(());
                    };
                    match &variant.ty {
                        None if strict && value.as_object().is_some_and(|m| m.len() > 1) => Err(format!(
                            "at `{}`: `{}` has properties beside `{property}`, which its variant drops",
                            display(at),
                            variant.name
                        )),
                        None => Ok(()),
                        Some(t) if variant.payload_has_tag => self.check(t, value, at, strict),
                        Some(t) => {
                            let mut payload = value.clone();
                            if let Value::Object(map) = &mut payload {
                                map.remove(property);
                            }
                            self.check(t, &payload, at, strict)
                        }
                    }
                }
                Tagging::External => {
                    let found = match value {
                        Value::String(tag) => u
                            .variants
                            .iter()
                            .find(|v| v.ty.is_none() && v.tags.contains(tag))
                            .map(|_| None),
                        Value::Object(map) if map.len() == 1 => {
                            map.iter().next().and_then(|(tag, payload)| {
                                u.variants
                                    .iter()
                                    .find(|v| v.ty.is_some() && v.tags.contains(tag))
                                    .map(|v| v.ty.as_ref().map(|t| (t, payload, tag)))
                            })
                        }
                        _ => None,
                    };
                    match found.flatten() {
                        Some((t, payload, tag)) => {
                            self.check(t, payload, &format!("{at}/{}", escape(tag)), strict)
                        }
                        None => Ok(()),
                    }
                }
            },
        }
    }
}

fn display(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 40 => format!("{s:?}"),
        Value::String(_) => "a long string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// `8-4-4-4-12` lower-case hex: what `uuid` reads and writes back unchanged.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn is_date_time(s: &str) -> bool {
    if s.len() < 20 || !is_date(&s[..10]) || !matches!(&s[10..11], "T" | "t") {
        return false;
    }
    let time = &s[11..];
    let b = time.as_bytes();
    let clock = b.len() >= 8
        && b[2] == b':'
        && b[5] == b':'
        && [0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit());
    if !clock {
        return false;
    }
    let mut rest = &time[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.len() - frac.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        rest = &frac[digits..];
    }
    match rest {
        "Z" | "z" => true,
        offset => {
            let o = offset.as_bytes();
            o.len() == 6
                && matches!(o[0], b'+' | b'-')
                && o[3] == b':'
                && [1, 2, 4, 5].iter().all(|&i| o[i].is_ascii_digit())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_uuid("6f1e3a52-4c1b-4f0e-9d2a-3b5c7d9e1f20"));
        assert!(!is_uuid("6F1E3A52-4C1B-4F0E-9D2A-3B5C7D9E1F20"));
        assert!(is_date_time("2023-09-25T19:18:29.614189Z"));
        assert!(is_date_time("2023-09-25T19:18:29+02:00"));
        assert!(!is_date_time("2023-09-25 19:18:29"));
        assert!(!is_date_time("2023-13-25T19:18:29Z"));
        assert!(is_date("2024-02-29"));
    }
}
