//! The intermediate representation: the API as Rust sees it, with every name already chosen.
//!
//! Lowering (`lower.rs`) builds it from the spec; emitters (`emit/`) read nothing else.

/// A whole API, ready to emit. Types are sorted by Rust name, operations by path then method.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// `servers[0].url`, when the spec has one.
    pub base_url: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The variants of the crate-wide `ErrorBody` enum: every schema used by an error response.
    pub error_bodies: Vec<ErrorBodyVariant>,
}

/// A named Rust type defined by the generated code.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Docs,
    /// The JSON pointer of the schema it comes from, shown in its docs.
    pub origin: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// `pub type Name = Target;` for named schemas that are not objects or enums.
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Values of keys not listed in `properties` (`additionalProperties` beside properties).
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub doc: Docs,
}

impl Field {
    /// Missing or null values are representable, so the Rust type is `Option<_>`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum. Values the spec does not list deserialize into the `unknown` variant.
#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant holding unlisted values.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

/// A reference to a Rust type, as written in a field or signature.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Uuid,
    DateTime,
    Date,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Free-form JSON.
    Value,
    /// A generated type, by Rust name.
    Named(String),
    /// A generated type that contains this one through required fields: boxed to keep the size finite.
    Boxed(String),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`BTreeMap<String, _>`, so output order is stable).
    Map(Box<TypeRef>),
}

/// Documentation text from the spec; already made safe for rustdoc by the emitter.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// One operation: one async method on the client.
#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    pub method_name: String,
    /// Upper-case HTTP method, e.g. `DELETE`.
    pub http_method: String,
    /// The path template as written in the spec, e.g. `/v2/assets/{asset_id}`.
    pub path: String,
    pub doc: Docs,
    pub tags: Vec<String>,
    /// `Some(note)` when the operation is deprecated.
    pub deprecated: Option<String>,
    /// Positional parameters: path parameters in template order, then required ones.
    pub params: Vec<Param>,
    /// Optional query and header parameters, gathered in one struct passed by reference.
    pub options: Option<OptionsStruct>,
    /// Headers sent with a fixed value: required header parameters with a single allowed value.
    pub fixed_headers: Vec<(String, String)>,
    pub body: Option<Body>,
    pub success: Success,
    pub errors: Vec<ErrorResponse>,
    /// Response headers the spec declares on the success response: (name, description, type).
    pub response_headers: Vec<ResponseHeader>,
    /// Whether the bearer token is sent.
    pub authenticated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
}

/// The `{Operation}Params` struct holding an operation's optional parameters.
#[derive(Debug, Clone)]
pub struct OptionsStruct {
    pub name: String,
    pub fields: Vec<Param>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Success {
    /// The status code the spec names (`200`, `201`, ...), for docs.
    pub status: String,
    pub description: String,
    /// `None` when the success response has no JSON body.
    pub ty: Option<TypeRef>,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: StatusMatch,
    pub description: String,
    /// The `ErrorBody` variant its JSON body decodes into, if it declares one.
    pub body_variant: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    pub name: String,
    pub description: Option<String>,
    pub ty: TypeRef,
}

#[derive(Debug, Clone)]
pub struct ErrorBodyVariant {
    pub name: String,
    pub ty: TypeRef,
}
