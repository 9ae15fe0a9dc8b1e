//! One flat view of an `openapiv3::Schema`, whichever of its forms openapiv3 chose (`Type`,
//! `OneOf`, `AllOf`, `Any`, ...), so lowering asks "what keywords are here" in one way.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::draft::{Bound, Wire};

pub(crate) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    pub schema: &'a Schema,
    pub typ: Option<&'a str>,
    pub format: Option<&'a str>,
    pub properties: Option<&'a Properties>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub all_of: &'a [ReferenceOr<Schema>],
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub not: Option<&'a ReferenceOr<Schema>>,
}

impl<'a> View<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let mut view = View {
            schema,
            typ: None,
            format: None,
            properties: None,
            required: &[],
            additional: None,
            items: None,
            all_of: &[],
            one_of: &[],
            any_of: &[],
            not: None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                view.typ = Some("string");
                view.format = match &s.format {
                    VariantOrUnknownOrEmpty::Item(f) => Some(match f {
                        StringFormat::Date => "date",
                        StringFormat::DateTime => "date-time",
                        StringFormat::Password => "password",
                        StringFormat::Byte => "byte",
                        StringFormat::Binary => "binary",
                    }),
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
            }
            SchemaKind::Type(Type::Integer(i)) => {
                view.typ = Some("integer");
                view.format = match &i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
            }
            SchemaKind::Type(Type::Number(n)) => {
                view.typ = Some("number");
                view.format = match &n.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
                    VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                    VariantOrUnknownOrEmpty::Empty => None,
                };
            }
            SchemaKind::Type(Type::Boolean(_)) => view.typ = Some("boolean"),
            SchemaKind::Type(Type::Object(o)) => {
                view.typ = Some("object");
                view.properties = Some(&o.properties);
                view.required = &o.required;
                view.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                view.typ = Some("array");
                view.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => view.one_of = one_of,
            SchemaKind::AllOf { all_of } => view.all_of = all_of,
            SchemaKind::AnyOf { any_of } => view.any_of = any_of,
            SchemaKind::Not { not } => view.not = Some(not),
            SchemaKind::Any(any) => {
                view.typ = any.typ.as_deref();
                view.format = any.format.as_deref();
                view.properties = Some(&any.properties);
                view.required = &any.required;
                view.additional = any.additional_properties.as_ref();
                view.items = any.items.as_ref();
                view.all_of = &any.all_of;
                view.one_of = &any.one_of;
                view.any_of = &any.any_of;
                view.not = any.not.as_deref();
            }
        }
        view
    }

    pub fn data(&self) -> &'a SchemaData {
        &self.schema.schema_data
    }

    pub fn nullable(&self) -> bool {
        self.data().nullable || self.enum_values().iter().any(Value::is_null)
    }

    /// The `enum` values, whatever the type.
    pub fn enum_values(&self) -> Vec<Value> {
        match &self.schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect(),
            SchemaKind::Type(Type::Integer(i)) => i
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect(),
            SchemaKind::Type(Type::Number(n)) => n
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect(),
            SchemaKind::Type(Type::Boolean(b)) => b
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::Bool))
                .collect(),
            SchemaKind::Any(any) => any.enumeration.clone(),
            _ => Vec::new(),
        }
    }

    /// What the schema says of its values beyond their type: constraints, default, access, an
    /// untyped format, and the same for inline array items.
    pub fn wire(&self) -> Wire {
        let data = self.data();
        let mut wire = Wire {
            format: self
                .format
                .filter(|f| !typed_format(self.typ, f))
                .map(str::to_string),
            default: data.default.clone(),
            read_only: data.read_only,
            write_only: data.write_only,
            ..Wire::default()
        };
        let count = |n: Option<usize>| n.map(|n| n as u64);
        let bound =
            |value: Option<f64>, exclusive: bool| value.map(|value| Bound { value, exclusive });
        match &self.schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                wire.min_length = count(s.min_length);
                wire.max_length = count(s.max_length);
                wire.pattern = s.pattern.clone();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                wire.minimum = bound(i.minimum.map(|v| v as f64), i.exclusive_minimum);
                wire.maximum = bound(i.maximum.map(|v| v as f64), i.exclusive_maximum);
                wire.multiple_of = i.multiple_of.map(|v| v as f64);
            }
            SchemaKind::Type(Type::Number(n)) => {
                wire.minimum = bound(n.minimum, n.exclusive_minimum);
                wire.maximum = bound(n.maximum, n.exclusive_maximum);
                wire.multiple_of = n.multiple_of;
            }
            SchemaKind::Type(Type::Array(a)) => {
                wire.min_items = count(a.min_items);
                wire.max_items = count(a.max_items);
                wire.unique_items = a.unique_items;
            }
            SchemaKind::Any(any) => {
                wire.min_length = count(any.min_length);
                wire.max_length = count(any.max_length);
                wire.pattern = any.pattern.clone();
                wire.minimum = bound(any.minimum, any.exclusive_minimum == Some(true));
                wire.maximum = bound(any.maximum, any.exclusive_maximum == Some(true));
                wire.multiple_of = any.multiple_of;
                wire.min_items = count(any.min_items);
                wire.max_items = count(any.max_items);
                wire.unique_items = any.unique_items == Some(true);
            }
            _ => {}
        }
        if let Some(ReferenceOr::Item(items)) = self.items {
            let items = View::of(items).wire();
            if !items.is_empty() {
                wire.items = Some(Box::new(items));
            }
        }
        wire
    }

    /// Properties, when there are any.
    pub fn props(&self) -> Option<&'a Properties> {
        self.properties.filter(|p| !p.is_empty())
    }

    /// Describes an object: `type: object`, or properties / additionalProperties without a type.
    pub fn is_object(&self) -> bool {
        match self.typ {
            Some("object") => true,
            None => self.props().is_some() || self.additional.is_some(),
            _ => false,
        }
    }

    /// Only annotations (docs, `nullable`, examples, constraints): no type of its own. Such a
    /// member of `allOf` adds nothing to the type.
    pub fn is_annotation_only(&self) -> bool {
        self.typ.is_none()
            && self.props().is_none()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.not.is_none()
            && self.enum_values().is_empty()
    }

    /// Only annotations, or a `not` beside them: nothing a Rust type can say (`allOf: [$ref:
    /// Method, {not: {enum: [card]}}]` is `Method`).
    pub fn is_constraint_only(&self) -> bool {
        self.typ.is_none()
            && self.props().is_none()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.enum_values().is_empty()
    }

    /// `{nullable: true}` alone (3.1's `type: 'null'`), or `type: 'null'`: a member meaning null.
    pub fn is_null_only(&self) -> bool {
        let values = self.enum_values();
        (self.typ == Some("null") || (self.is_annotation_only() && self.data().nullable))
            || (!values.is_empty() && values.iter().all(Value::is_null))
    }
}

/// A `format` the Rust type already expresses (`uuid` is `Uuid`, `int32` is `i32`): lowering's
/// own mapping decides.
fn typed_format(typ: Option<&str>, format: &str) -> bool {
    use super::schemas::{integer_type, string_type};
    use crate::ir::TypeRef;
    match typ {
        Some("string") => string_type(Some(format)) != TypeRef::String,
        Some("integer") => format == "int64" || integer_type(Some(format)) != TypeRef::I64,
        Some("number") => matches!(format, "float" | "double"),
        _ => false,
    }
}
