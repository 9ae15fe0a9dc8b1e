//! How the IR refers to a Rust type.

/// A reference to a Rust type, as written in a field or signature.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef<D = Finished> {
    String,
    Uuid,
    DateTime,
    Date,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Free-form JSON.
    Value,
    /// A generated type, by Rust name.
    Named(String),
    /// A generated type that contains this one through required fields: boxed to keep the size finite.
    Boxed(String),
    Vec(Box<TypeRef<D>>),
    /// A JSON object with arbitrary keys (`BTreeMap<String, _>`, so output order is stable).
    Map(Box<TypeRef<D>>),
    /// A nullable array item or map value.
    Option(Box<TypeRef<D>>),
    /// A type of lowering's type space, by id (`D` is lowering's id type). In the IR lowering
    /// hands on, `D` is [`Finished`], which has no values: no `Def` can reach an emitter.
    Def(D),
}

/// The stage of the IR whose types all have their names: no [`TypeRef::Def`] is left, because
/// this type has no values. The default for every IR type that can refer to a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finished {}

impl<D: std::fmt::Debug> TypeRef<D> {
    /// Inline-code form of a type for docs, e.g. `Vec<Asset>`.
    pub(crate) fn label(&self) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Uuid => "Uuid".into(),
            TypeRef::DateTime => "DateTime<Utc>".into(),
            TypeRef::Date => "NaiveDate".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::I8 => "i8".into(),
            TypeRef::I16 => "i16".into(),
            TypeRef::I32 => "i32".into(),
            TypeRef::I64 => "i64".into(),
            TypeRef::U8 => "u8".into(),
            TypeRef::U16 => "u16".into(),
            TypeRef::U32 => "u32".into(),
            TypeRef::U64 => "u64".into(),
            TypeRef::F32 => "f32".into(),
            TypeRef::F64 => "f64".into(),
            TypeRef::Value => "serde_json::Value".into(),
            TypeRef::Named(name) => name.clone(),
            TypeRef::Boxed(name) => format!("Box<{name}>"),
            TypeRef::Vec(item) => format!("Vec<{}>", item.label()),
            TypeRef::Map(value) => format!("BTreeMap<String, {}>", value.label()),
            TypeRef::Option(inner) => format!("Option<{}>", inner.label()),
            TypeRef::Def(id) => format!("#{id:?}"),
        }
    }

    /// One of the integer types (`i8` to `u64`).
    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            TypeRef::I8
                | TypeRef::I16
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
        )
    }
}
