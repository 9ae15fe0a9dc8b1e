//! The intermediate representation: the API as Rust sees it, with every name already chosen.
//!
//! Lowering (`lower/`) builds it from the spec; emitters (`emit/`) read nothing else. The
//! public surface it gives a crate (arguments, credential methods, `api.txt` keys) is in
//! `surface.rs`.

mod features;
mod surface;
mod type_ref;
mod uses;

pub use features::*;
pub use surface::*;
pub use type_ref::*;

/// A whole API, ready to emit. Types are sorted by Rust name, operations by path then method.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    /// The document's top-level `tags`, in its order: how the crate docs group operations.
    pub tags: Vec<TagDoc>,
    /// `servers[0].url`, when the spec has one.
    pub base_url: Option<String>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The variants of the crate-wide `ErrorBody` enum: every schema used by an error response.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// The spec's examples of generated types, in spec order: each becomes a round-trip test.
    pub examples: Vec<Example>,
    pub security_schemes: Vec<SecurityScheme>,
    /// How a client is given credentials: the `ClientBuilder` methods, one per scheme the
    /// operations ask for (and `bearer_token`, `token_source` and `basic_auth` for every scheme of
    /// their kind), named when lowering ends. The code, `api.txt` and the diff all read them.
    pub credentials: Vec<Credential>,
    /// Whether bearer tokens can be given (`Client::new(token)`, `bearer_token`, `token_source`,
    /// `TokenSource`): some operation asks for a bearer-like scheme, or none asks for any (a
    /// document that declares no scheme says nothing of how the API authenticates, and a bearer
    /// token is what such APIs most often take).
    pub bearer: bool,
    /// Every `oauth2` scheme the document declares, used by an operation or not, sorted by name:
    /// each flow a client can run becomes a `TokenSource` constructor.
    pub oauth_schemes: Vec<SecurityScheme>,
    pub multipart_structs: Vec<MultipartStruct>,
    /// Located notes from lowering: (JSON pointer, message).
    pub warnings: Vec<(String, String)>,
    /// Places where a valid construct could not be typed precisely and a sound, looser type
    /// (free-form JSON, raw bytes) stands in: (JSON pointer, or `file:line: at pointer` once
    /// located, and what was done). The crate docs list them.
    pub fallbacks: Vec<(String, String)>,
    /// Schema objects lowered, for the share of them that fell back.
    pub schemas: usize,
    /// What lenient mode repaired while lowering: (JSON pointer, what).
    pub repairs: Vec<(String, String)>,
    /// Cargo features per tag, when the crate has them (planned after lowering, from the
    /// settings: `lower::features`).
    pub features: Option<Features>,
    /// The document's webhooks and how their deliveries are signed, when it says either.
    pub webhooks: Option<Webhooks>,
}

/// What a generated crate's `webhooks` module verifies and decodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// The generated union of the webhooks' bodies (`WebhookEvent`), when there are webhooks.
    pub event: Option<String>,
    /// How deliveries are signed (`x-webhook-signature`), when the document says.
    pub signature: Option<Signature>,
}

/// How a sender signs deliveries: the runtime's `SignatureScheme`, as the document writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Lower case.
    pub header: String,
    pub timestamp: SignatureTime,
    /// Lower case.
    pub id_header: Option<String>,
    pub template: String,
    pub separator: String,
    pub delimiter: char,
    pub version: String,
    pub base64: bool,
    /// `Some(prefix)` for a base64 secret.
    pub secret_prefix: Option<String>,
    pub tolerance_secs: u64,
}

/// Where a delivery's time is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureTime {
    /// A header (lower case).
    Header(String),
    /// An entry of the signature header.
    Entry(String),
}

/// A tag the document declares, with its description.
#[derive(Debug, Clone)]
pub struct TagDoc {
    pub name: String,
    pub description: Option<String>,
}

/// An example the spec gives for a schema or a request / response body.
#[derive(Debug, Clone)]
pub struct Example<D = Finished> {
    /// Where the example is, e.g. `/components/schemas/Asset/example`.
    pub pointer: String,
    /// The Rust type it must decode into.
    pub ty: TypeRef<D>,
    pub value: serde_json::Value,
    /// Why it would not round-trip (it contradicts its schema), if it would not.
    pub problem: Option<String>,
}

/// A named Rust type defined by the generated code.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Docs,
    /// The JSON pointer of the schema it comes from, shown in its docs.
    pub origin: String,
    pub kind: TypeKind,
    /// What the schema says of its values beyond the kind (an alias's `pattern`, an enum's
    /// `default`).
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub wire: Wire,
}

/// What a schema says of a value that its Rust type does not: constraints the server checks,
/// the default it assumes, who may write it. Generated code does not enforce these; `diff`
/// compares them, in the direction the value travels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wire {
    /// `format` as written, when the Rust type does not already say it (`email`, `uri`).
    pub format: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub default: Option<serde_json::Value>,
    /// `readOnly`: sent by the server only; requests leave it out.
    pub read_only: bool,
    /// `writeOnly`: sent by clients only; responses leave it out.
    pub write_only: bool,
    /// The same for an array's items, when they say anything.
    pub items: Option<Box<Wire>>,
    /// `null` is allowed at the root of a parameter or header schema (a field's or body's
    /// nullability is in its type).
    pub nullable: bool,
}

impl Wire {
    pub fn is_empty(&self) -> bool {
        *self == Wire::default()
    }

    /// What a value must satisfy to meet both: the tighter of each constraint; `self`'s
    /// default and format before `other`'s (an `allOf`'s members, a property and the alias it
    /// refers to).
    pub fn both(&self, other: &Wire) -> Wire {
        fn pick<T: Copy>(x: Option<T>, y: Option<T>, keep_x: impl Fn(T, T) -> bool) -> Option<T> {
            match (x, y) {
                (Some(x), Some(y)) => Some(if keep_x(x, y) { x } else { y }),
                (x, y) => x.or(y),
            }
        }
        let (a, b) = (self, other);
        let low = |x: Bound, y: Bound| x.value > y.value || (x.value == y.value && x.exclusive);
        let high = |x: Bound, y: Bound| x.value < y.value || (x.value == y.value && x.exclusive);
        Wire {
            format: a.format.clone().or_else(|| b.format.clone()),
            min_length: pick(a.min_length, b.min_length, |x, y| x >= y),
            max_length: pick(a.max_length, b.max_length, |x, y| x <= y),
            pattern: a.pattern.clone().or_else(|| b.pattern.clone()),
            minimum: pick(a.minimum, b.minimum, low),
            maximum: pick(a.maximum, b.maximum, high),
            multiple_of: a.multiple_of.or(b.multiple_of),
            min_items: pick(a.min_items, b.min_items, |x, y| x >= y),
            max_items: pick(a.max_items, b.max_items, |x, y| x <= y),
            unique_items: a.unique_items || b.unique_items,
            default: a.default.clone().or_else(|| b.default.clone()),
            read_only: a.read_only || b.read_only,
            write_only: a.write_only || b.write_only,
            items: match (&a.items, &b.items) {
                (Some(x), Some(y)) => Some(Box::new(x.both(y))),
                (x, y) => x.clone().or_else(|| y.clone()),
            },
            // Set where a parameter or header uses the value; what it refers to adds nothing.
            nullable: a.nullable || b.nullable,
        }
    }
}

/// `minimum` / `maximum`, and whether the bound itself is excluded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

#[derive(Debug, Clone)]
pub enum TypeKind<D = Finished> {
    Struct(Struct<D>),
    Enum(Enum),
    /// `oneOf` / `anyOf`: one variant per member.
    Union(Union<D>),
    /// `pub type Name = Target;` for named schemas that are not objects, enums or unions.
    Alias(TypeRef<D>),
    /// `pub struct Name(pub Target);` (serde-transparent): an alias that contains itself, which a
    /// Rust type alias cannot.
    Newtype(TypeRef<D>),
}

#[derive(Debug, Clone)]
pub struct Struct<D = Finished> {
    pub fields: Vec<Field<D>>,
    /// Values of keys not listed in `properties` (`additionalProperties` beside properties).
    pub additional: Option<TypeRef<D>>,
    /// Requests send it, so it gets `new(required fields...)`. Types only ever received have
    /// none: they are decoded, not built, and a new required response field then breaks no
    /// Rust code.
    pub sent: bool,
    /// `additionalProperties: false`: keys not listed are refused.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field<D = Finished> {
    pub name: String,
    pub wire_name: String,
    pub ty: TypeRef<D>,
    pub required: bool,
    pub nullable: bool,
    /// Optional and nullable in a type that requests send: `Option<Option<T>>`, so that absent
    /// (`None`), `null` (`Some(None)`) and a value are three different things on the wire.
    pub tri_state: bool,
    /// Required, and its type allows one value only (a single-variant enum): `new` sets that
    /// variant (named here) instead of asking for it.
    pub fixed: Option<String>,
    pub deprecated: bool,
    pub doc: Docs,
    /// The JSON pointer of the property's schema.
    pub pointer: String,
    pub wire: Wire,
}

impl<D> Struct<D> {
    /// The arguments of the struct's `new`, in field order (required, not null, not fixed),
    /// or `None` when it has no `new`: only types requests send, with a required field, get
    /// one. The code, `api.txt`, the examples and the diff all ask this one rule.
    pub(crate) fn constructor_args(&self) -> Option<Vec<&Field<D>>> {
        if !self.sent || self.fields.iter().all(Field::is_optional) {
            return None;
        }
        Some(
            self.fields
                .iter()
                .filter(|f| !f.is_optional() && f.fixed.is_none())
                .collect(),
        )
    }

    /// The arguments of the `new` the `mock` feature gives a struct only ever received (which
    /// has no `new` otherwise), to build answers in tests; `None` for the others, and when every
    /// field is optional (`Default` builds it).
    pub(crate) fn mock_constructor_args(&self) -> Option<Vec<&Field<D>>> {
        if self.sent || self.fields.iter().all(Field::is_optional) {
            return None;
        }
        Some(
            self.fields
                .iter()
                .filter(|f| !f.is_optional() && f.fixed.is_none())
                .collect(),
        )
    }

    /// Whether the struct implements `Default`: every field optional, or `new` takes nothing
    /// (only fixed fields are required).
    pub(crate) fn has_default(&self) -> bool {
        self.fields.iter().all(Field::is_optional)
            || self.constructor_args().is_some_and(|args| args.is_empty())
    }
}

impl<D> Field<D> {
    /// Missing or null values are representable, so the Rust type is `Option<_>`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// An enum of string or integer values. Values the spec does not list deserialize into the
/// `unknown` variant.
#[derive(Debug, Clone)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant holding unlisted values.
    pub unknown: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    /// Wire values are `i64`s (kept as their decimal text in `Variant::wire`).
    Integer,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub wire: String,
    /// What the spec says of this value (from a `oneOf` of constants), if anything.
    pub doc: Option<String>,
}

/// A `oneOf` / `anyOf` of several schemas.
#[derive(Debug, Clone)]
pub struct Union<D = Finished> {
    pub tagging: Tagging,
    pub variants: Vec<UnionVariant<D>>,
    /// The variant that keeps, whole, a value whose tag this version does not know (tagged
    /// unions only).
    pub unknown: Option<String>,
}

/// How the JSON says which variant a value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// A property of the object names the variant (`discriminator`, or a property every member
    /// requires with one allowed value each).
    Internal { property: String },
    /// `"Name"` for a unit variant, `{"Name": payload}` otherwise.
    External,
    /// Nothing does: variants are tried in order, most specific first.
    Untagged,
}

#[derive(Debug, Clone)]
pub struct UnionVariant<D = Finished> {
    pub name: String,
    pub doc: Docs,
    /// Internal and external tagging: the tag values that select this variant.
    pub tags: Vec<String>,
    /// The payload, or `None` for a variant that is only its tag.
    pub ty: Option<TypeRef<D>>,
    /// Internal tagging: the payload type has the tag property itself, so it writes it.
    pub payload_has_tag: bool,
}

/// Documentation text from the spec; already made safe for rustdoc by the emitter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// One operation: one async method on the client.
#[derive(Debug, Clone)]
pub struct Operation<D = Finished> {
    pub operation_id: String,
    pub method_name: String,
    /// The JSON pointer of the operation, e.g. `/paths/~1v2~1assets~1{asset_id}/delete`.
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub pointer: String,
    /// Upper-case HTTP method, e.g. `DELETE`.
    pub http_method: String,
    /// The path template as written in the spec, e.g. `/v2/assets/{asset_id}`.
    pub path: String,
    pub doc: Docs,
    pub tags: Vec<String>,
    /// `Some(note)` when the operation is deprecated.
    pub deprecated: Option<String>,
    /// Path parameters in template order: the method's positional arguments.
    pub path_params: Vec<Param<D>>,
    /// Query, header and cookie parameters: the fields of the operation's `{Op}Params` struct,
    /// the method's next argument, when it has any.
    pub params: Option<ParamsStruct<D>>,
    /// Headers sent with a fixed value: required header parameters with a single allowed value.
    pub fixed_headers: Vec<(String, String)>,
    pub body: Option<Body<D>>,
    pub success: Success<D>,
    pub errors: Vec<ErrorResponse<D>>,
    /// Response headers the spec declares on the success response: (name, description, type).
    pub response_headers: Vec<ResponseHeader<D>>,
    pub security: Security,
    /// How to fetch the next page, for list operations that page.
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter's value is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Scalar path parameters, and header parameters.
    Simple,
    FormExploded,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// A path parameter that is an array or an object, or written in the `label` or `matrix`
    /// style.
    Path {
        style: PathStyle,
        explode: bool,
    },
    /// Described by `content` with a JSON media type: the value's JSON text.
    Json,
}

/// The styles of path parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    Simple,
    Label,
    Matrix,
}

#[derive(Debug, Clone)]
pub struct Param<D = Finished> {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef<D>,
    pub required: bool,
    pub description: Option<String>,
    pub style: ParamStyle,
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub deprecated: bool,
    /// The JSON pointer of the parameter (under `components/parameters` when shared).
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub pointer: String,
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub wire: Wire,
}

/// The `{Operation}Params` struct: an operation's query, header and cookie parameters. Built
/// with `new(required...)` (or `default()` when none is required) and setters for the rest.
#[derive(Debug, Clone)]
pub struct ParamsStruct<D = Finished> {
    pub name: String,
    pub fields: Vec<Param<D>>,
}

#[derive(Debug, Clone)]
pub struct Body<D = Finished> {
    pub required: bool,
    pub description: Option<String>,
    /// One per media type the spec offers, in media type order.
    pub contents: Vec<BodyContent<D>>,
    /// With several, the `{Op}Body` enum the caller picks one from.
    pub choice: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BodyContent<D = Finished> {
    pub media_type: String,
    pub kind: BodyKind<D>,
    /// Its variant in the `choice` enum.
    pub variant: String,
    /// What the JSON or form schema's root says beyond its type.
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub wire: Wire,
    /// In the `choice` enum, the payload is boxed: it is much larger than the others.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind<D = Finished> {
    /// JSON (`application/json`, `+json`, vendor JSON types).
    Json(TypeRef<D>),
    /// `application/x-www-form-urlencoded`: the value's fields as pairs.
    Form(TypeRef<D>),
    /// `multipart/form-data`: the generated struct of that name.
    Multipart(String),
    /// `multipart/form-data` whose parts the spec does not list as an object's properties:
    /// the runtime's `Form`, whose parts the caller names.
    MultipartForm,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, images, `*/*`): bytes or a stream.
    Binary,
}

/// What a call returns on success.
#[derive(Debug, Clone)]
pub struct Success<D = Finished> {
    /// Every 2xx response the spec declares (or `default` when it declares none), by status.
    pub responses: Vec<SuccessResponse<D>>,
    /// When they differ in body: the `{Op}Response` enum with a variant per status.
    pub choice: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SuccessResponse<D = Finished> {
    pub status: StatusMatch,
    pub description: String,
    pub content: Content<D>,
    /// The media type it is asked for with (`Accept`), if it has a body.
    pub media_type: Option<String>,
    /// Every media type the spec offers for it, sorted.
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub media_types: Vec<String>,
    /// What the body schema's root says beyond its type.
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub wire: Wire,
    /// Its variant in the `choice` enum (`Ok`, `Created`, `Accepted`, ...).
    pub variant: String,
    /// In the `choice` enum, its payload is boxed (it is much larger than the others).
    pub boxed: bool,
}

/// A response body.
#[derive(Debug, Clone, PartialEq)]
pub enum Content<D = Finished> {
    Json(TypeRef<D>),
    Text,
    Binary,
    Empty,
}

impl Success {
    /// The one content every success response has, when there is no choice to make.
    pub fn single(&self) -> Content {
        self.responses
            .first()
            .map_or(Content::Empty, |r| r.content.clone())
    }
}

/// What an operation's `security` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Security {
    /// The spec says nothing: configured bearer or basic credentials are sent.
    Unspecified,
    /// `security: []`: a public call.
    Public,
    /// Any one of these sets of scheme names.
    Alternatives(Vec<Vec<String>>),
}

/// A security scheme the spec declares.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
    /// The OAuth2 flows a client can run without a browser, sorted by grant.
    pub flows: Vec<OAuthFlow>,
}

/// An OAuth2 flow the client's token sources can run against the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    pub grant: OAuthGrant,
    /// The name of its `TokenSource` constructor, `{scheme}_{grant}` in snake case, with a
    /// number when two schemes' names meet in snake case: unique across the document, chosen
    /// when lowering ends. The code, `api.txt` and the diff all read it.
    pub constructor: String,
    /// Where tokens are requested (for refreshes: `refreshUrl` when given, else `tokenUrl`).
    pub token_url: String,
    /// The flow's scopes, sorted.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OAuthGrant {
    /// `clientCredentials`: server to server.
    ClientCredentials,
    /// Renewing with a refresh token from an `authorizationCode` or `password` sign-in.
    RefreshToken,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `http` bearer, `oauth2`, `openIdConnect`.
    Bearer,
    Basic,
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// Another `http` scheme: `Authorization: <scheme> <credentials>` (the scheme as written).
    Http {
        scheme: String,
    },
}

/// A `multipart/form-data` request body: a struct whose file fields are `Part`s.
#[derive(Debug, Clone)]
pub struct MultipartStruct<D = Finished> {
    pub name: String,
    pub doc: Docs,
    pub fields: Vec<MultipartField<D>>,
}

#[derive(Debug, Clone)]
pub struct MultipartField<D = Finished> {
    pub name: String,
    pub wire_name: String,
    pub kind: PartKind<D>,
    pub required: bool,
    pub doc: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind<D = Finished> {
    /// `type: string, format: binary`.
    File,
    /// An array of those.
    Files,
    /// Anything else, sent as text (scalars) or JSON.
    Value(TypeRef<D>),
}

/// How a list operation pages: the parameter that takes the cursor, where the items and the
/// next page's cursor (or link) are in the response.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The method that streams the items: `{method}_stream`.
    pub stream_method: String,
    /// The `{Op}Params` field (Rust name) and query parameter (wire name) of the cursor.
    pub cursor_field: String,
    pub cursor_param: String,
    /// Rust field names from the response body to the items, and each one's optionality.
    pub items: Vec<(String, bool)>,
    pub item_type: TypeRef,
    /// Rust field names from the response body to the next cursor or link.
    pub next: Vec<(String, bool)>,
}

#[derive(Debug, Clone)]
pub struct ErrorResponse<D = Finished> {
    /// `404`, `4XX` or `default`.
    pub status: StatusMatch,
    pub description: String,
    /// The type of its JSON body, if it declares one.
    pub body: Option<TypeRef<D>>,
    /// The `ErrorBody` variant that body decodes into.
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
pub struct ResponseHeader<D = Finished> {
    pub name: String,
    pub description: Option<String>,
    pub ty: TypeRef<D>,
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub required: bool,
    #[cfg_attr(not(feature = "diff"), allow(dead_code))] // read by the diff alone
    pub wire: Wire,
}

#[derive(Debug, Clone)]
pub struct ErrorBodyVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Held in a `Box`: much larger than the other variants.
    pub boxed: bool,
}
