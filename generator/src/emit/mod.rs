//! Stage 4: IR → Rust source files. Emitters read only the IR; each item is one `quote!`,
//! collected in order and formatted once with prettyplease.

mod calls;
mod client;
mod credentials;
pub mod examples;
mod layout;
pub mod listing;
mod mocks;
mod op_docs;
pub(crate) mod operations;
mod package;
mod runtime;
mod types;
mod unions;
mod webhooks;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Error;
use crate::ir::{Api, Docs, Field, Gate, Operation, TypeRef};
use crate::Settings;
use layout::{Child, TypeItem};

/// Emits every generated file, keyed by path relative to the crate root.
///
/// Files are made of pieces formatted on their own, on as many threads as the machine has:
/// top-level items format independently of each other, so how a file is cut into pieces never
/// changes its text. Which file an item goes to is `layout.rs`'s business.
pub fn emit(api: &Api, settings: &Settings) -> Result<BTreeMap<String, String>, Error> {
    emit_in_pieces(api, settings, TYPES_PER_PIECE)
}

fn emit_in_pieces(
    api: &Api,
    settings: &Settings,
    types_per_piece: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let limits = settings.layout;
    let type_items = TypeItem::all(api);
    let all_ops: Vec<&Operation> = api.operations.iter().collect();
    let type_children =
        (type_items.len() > limits.flat_types).then(|| layout::type_children(api, &type_items));
    let op_children =
        (all_ops.len() > limits.flat_operations).then(|| layout::operation_children(api));
    // Stubs take the operations' split when they have one, else one by tag past `flat_mocks`.
    let mock_split = (op_children.is_none() && all_ops.len() > limits.flat_mocks)
        .then(|| layout::operation_children(api));
    let example_names = examples::test_names(api);
    let all_examples: Vec<usize> = (0..api.examples.len()).collect();
    let example_children =
        (all_examples.len() > limits.flat_examples).then(|| layout::example_children(api));

    let mut pieces: Vec<(String, Piece)> = Vec::new();
    match &type_children {
        None => {
            pieces.push(("src/types.rs".into(), Piece::TypesHead));
            add_types(&mut pieces, "src/types.rs", &type_items, types_per_piece);
        }
        Some(children) => {
            pieces.push(("src/types/mod.rs".into(), Piece::TypesIndex(children)));
            for child in children {
                let path = format!("src/types/{}.rs", child.module);
                pieces.push((path.clone(), Piece::TypesChild(child)));
                add_types(&mut pieces, &path, &child.items, types_per_piece);
            }
        }
    }
    match &op_children {
        None => {
            pieces.push(("src/operations.rs".into(), Piece::OperationsHead(None)));
            pieces.push(("src/operations.rs".into(), Piece::Operations(&all_ops)));
        }
        Some(children) => {
            let path = "src/operations/mod.rs".to_string();
            pieces.push((path, Piece::OperationsHead(Some(children))));
            for child in children {
                let path = format!("src/operations/{}.rs", child.module);
                pieces.push((path.clone(), Piece::Doc(&child.about)));
                pieces.push((path, Piece::Operations(&child.items)));
            }
        }
    }
    let stub_names = mocks::names(api);
    match op_children.as_deref().or(mock_split.as_deref()) {
        None => {
            pieces.push(("src/mock.rs".into(), Piece::MockHead(None, &stub_names)));
            pieces.push(("src/mock.rs".into(), Piece::Mocks(&all_ops, &stub_names)));
        }
        Some(children) => {
            let head = Piece::MockHead(Some(children), &stub_names);
            pieces.push(("src/mock/mod.rs".into(), head));
            for child in children {
                let path = format!("src/mock/{}.rs", child.module);
                pieces.push((path.clone(), Piece::Doc(&child.about)));
                pieces.push((path, Piece::Mocks(&child.items, &stub_names)));
            }
        }
    }
    if api.webhooks.is_some() {
        pieces.push(("src/webhooks.rs".into(), Piece::Webhooks));
    }
    pieces.push(("src/client.rs".into(), Piece::Client));
    pieces.push(("api.txt".into(), Piece::Listing));
    let examples = |indices, doc| Piece::Examples {
        names: &example_names,
        indices,
        doc,
    };
    match &example_children {
        None => pieces.push((
            "src/example_tests.rs".into(),
            examples(&all_examples, examples::MODULE_DOC.to_string()),
        )),
        Some(children) => {
            let mut index = format!("{}\n", examples::MODULE_DOC);
            for child in children {
                index.push_str(&format!("mod {};\n", child.module));
                let doc = format!("//! {}\n", child.about);
                let path = format!("src/example_tests/{}.rs", child.module);
                pieces.push((path, examples(&child.items, doc)));
            }
            pieces.push(("src/example_tests/mod.rs".into(), examples(&[], index)));
        }
    }

    let rendered = parallel_map(&pieces, |(path, piece)| piece.render(api, settings, path))?;
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for ((path, _), text) in pieces.iter().zip(rendered) {
        files.entry(path.clone()).or_default().push_str(&text?);
    }
    files.insert(
        "src/operations.md".into(),
        op_docs::index(api, settings, &stub_names),
    );
    for (path, text) in files.iter_mut() {
        if path.ends_with(".rs") {
            *text = format!("{}{}", header(settings), space_items(text));
        }
    }
    // Written as they are: the crate root (rustfmt's style, not prettyplease's), the manifest,
    // the vendored runtime.
    package::add(&mut files, api, settings);
    Ok(files)
}

/// `#[cfg(...)]` for an item behind cargo features, or nothing.
pub(crate) fn cfg(gate: Option<&Gate>) -> Option<TokenStream> {
    let predicate = cfg_predicate(gate?);
    Some(quote! { #[cfg(#predicate)] })
}

/// `feature = "repos"`, or `any(feature = "a", feature = "b")`.
fn cfg_predicate(gate: &Gate) -> TokenStream {
    match gate.0.as_slice() {
        [one] => quote! { feature = #one },
        names => quote! { any(#(feature = #names),*) },
    }
}

/// Every item of `tokens` behind `gate`'s features (a type is a struct and its impls), the
/// `cfg` after the item's doc comment.
pub(crate) fn gated(tokens: TokenStream, gate: Option<&Gate>) -> TokenStream {
    let Some(gate) = gate else {
        return tokens;
    };
    // Generated items always parse; were one not to, formatting the file reports it.
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else {
        return tokens;
    };
    let predicate = cfg_predicate(gate);
    let items = file.items.iter_mut().map(|item| match item_attrs(item) {
        Some(attrs) => {
            let after_docs = attrs
                .iter()
                .position(|a| !a.path().is_ident("doc"))
                .unwrap_or(attrs.len());
            attrs.insert(after_docs, syn::parse_quote! { #[cfg(#predicate)] });
            quote! { #item }
        }
        None => quote! { #[cfg(#predicate)] #item },
    });
    quote! { #(#items)* }
}

/// An item's attributes.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}
/// `items` as pieces of the file at `path`.
fn add_types<'a>(
    pieces: &mut Vec<(String, Piece<'a>)>,
    path: &str,
    items: &'a [TypeItem<'a>],
    per_piece: usize,
) {
    pieces.extend(
        items
            .chunks(per_piece)
            .map(|chunk| (path.to_string(), Piece::Types(chunk))),
    );
}

/// Types formatted per piece: small enough to spread over threads, large enough to amortize.
const TYPES_PER_PIECE: usize = 48;

/// A part of a generated file.
enum Piece<'a> {
    /// The flat `types.rs`'s module doc.
    TypesHead,
    /// `types/mod.rs`: the module doc, the children, their re-exports.
    TypesIndex(&'a [Child<TypeItem<'a>>]),
    /// A child of `types/`: its doc, and the import of its siblings if it names any.
    TypesChild(&'a Child<TypeItem<'a>>),
    Types(&'a [TypeItem<'a>]),
    /// The `operations` module's doc and constants, with its children's declarations when it
    /// is a directory.
    OperationsHead(Option<&'a [Child<&'a Operation>]>),
    Operations(&'a [&'a Operation]),
    /// The `mock` module's doc and `MockServer`, with its children's declarations when it is a
    /// directory.
    MockHead(Option<&'a [Child<&'a Operation>]>, &'a mocks::Names),
    /// Stubs of operations.
    Mocks(&'a [&'a Operation], &'a mocks::Names),
    /// The `webhooks` module.
    Webhooks,
    /// A module doc line.
    Doc(&'a str),
    /// `client.rs`: the client, its builder, the token source, the error aliases.
    Client,
    Listing,
    Examples {
        names: &'a [String],
        indices: &'a [usize],
        doc: String,
    },
}

impl Piece<'_> {
    fn render(&self, api: &Api, settings: &Settings, path: &str) -> Result<String, Error> {
        let tokens = match self {
            Piece::TypesHead => types::head(api),
            Piece::TypesIndex(children) => {
                let head = types::head(api);
                let modules = children.iter().map(|c| format_ident!("{}", c.module));
                let uses = modules.clone();
                let gates: Vec<_> = children.iter().map(|c| cfg(c.gate.as_ref())).collect();
                quote! {
                    #head
                    #(#gates mod #modules;)*
                    #(#gates pub use #uses::*;)*
                }
            }
            Piece::TypesChild(child) => {
                let doc = format!(" {}", child.about);
                let gate = cfg(child.imports_gate.as_ref());
                let import = child
                    .imports_siblings
                    .then(|| quote! { #gate use super::*; });
                quote! {
                    #![doc = #doc]
                    #import
                }
            }
            Piece::Types(items) => {
                let items = items.iter().map(|item| item.render(api));
                quote! { #(#items)* }
            }
            Piece::OperationsHead(children) => {
                let head = operations::head(api);
                let modules = children
                    .iter()
                    .flat_map(|c| c.iter())
                    .map(|c| format_ident!("{}", c.module));
                quote! {
                    #head
                    #(mod #modules;)*
                }
            }
            Piece::Operations(ops) => operations::methods(ops, api, &settings.crate_name),
            Piece::MockHead(children, names) => {
                let head = mocks::head(api, names);
                let features = api.features.as_ref();
                let modules = children.iter().flat_map(|c| c.iter()).map(|child| {
                    let module = format_ident!("{}", child.module);
                    // Declared, and its stub types re-exported, with any of its operations.
                    let gates = child
                        .items
                        .iter()
                        .map(|op| features.and_then(|f| f.operations.get(&op.method_name)));
                    let gate = cfg(layout::union(gates).as_ref());
                    quote! {
                        #gate
                        mod #module;
                        #gate
                        pub use #module::*;
                    }
                });
                quote! {
                    #head
                    #(#modules)*
                }
            }
            Piece::Mocks(ops, names) => mocks::stubs(ops, api, &settings.crate_name, names),
            Piece::Webhooks => webhooks::module(api).unwrap_or_default(),
            Piece::Doc(text) => {
                let doc = format!(" {text}");
                quote! { #![doc = #doc] }
            }
            Piece::Client => client::emit(api, &settings.crate_name),
            Piece::Listing => return Ok(listing::emit(api, settings)),
            Piece::Examples {
                names,
                indices,
                doc,
            } => return Ok(examples::emit(api, names, indices, doc)),
        };
        let parsed = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Internal {
            file: path.to_string(),
            message: e.to_string(),
        })?;
        Ok(prettyplease::unparse(&parsed))
    }
}

/// `f` over `items` on up to `available_parallelism` threads; results in `items`' order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len());
    if threads <= 1 {
        return Ok(items.iter().map(f).collect());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = Vec::with_capacity(items.len());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(mine) => done.extend(mine),
                Err(_) => {
                    return Err(Error::Internal {
                        file: "(emit)".into(),
                        message: "an emitter thread panicked".into(),
                    })
                }
            }
        }
        Ok(())
    })?;
    done.sort_by_key(|(i, _)| *i);
    Ok(done.into_iter().map(|(_, r)| r).collect())
}

/// The do-not-edit header every generated Rust file starts with.
fn header(settings: &Settings) -> String {
    format!(
        "// @generated by `{command}` from {spec}. Do not edit by hand:\n\
         // change the spec or the generator, then run `{command}`.\n\n",
        command = settings.command,
        spec = settings.spec_name,
    )
}

/// prettyplease puts items back to back; a blank line between them reads better.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let lines: Vec<&str> = code.lines().collect();
    let mut previous = "";
    for (i, &line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let prev_indent = previous.len() - previous.trim_start().len();
        // A feature gate is spaced as the item it gates: the crate reads the same with
        // features per tag as without.
        let item = lines[i..]
            .iter()
            .find(|l| !is_gate(l))
            .copied()
            .unwrap_or(line);
        let starts_item = [
            "///", "#[", "pub ", "impl", "fn ", "const ", "type ", "mod ",
        ]
        .iter()
        .any(|p| item.trim_start().starts_with(p));
        let after_item = previous.trim() == "}"
            || (previous.ends_with(';') && prev_indent == 0 && !previous.starts_with("//"));
        let after_module_doc =
            previous.starts_with("//!") && !line.starts_with("//!") && !line.is_empty();
        // Declarations of one kind (`mod a;`, `pub use a::*;`) stay together.
        let same_declarations = ["mod ", "pub use ", "use "]
            .iter()
            .any(|p| item.starts_with(p) && previous.starts_with(p));
        if ((starts_item && after_item && indent == prev_indent && !same_declarations)
            || after_module_doc)
            && !(i > 0 && is_gate(lines[i - 1]))
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        if !is_gate(line) {
            previous = line;
        }
    }
    out
}

/// A line that is a cargo feature gate: `#[cfg(feature = "a")]`, `#[cfg(any(feature = ...))]`.
fn is_gate(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("#[cfg(feature = ") || line.starts_with("#[cfg(any(feature = ")
}

/// `#[doc]` attributes, one per line, so prettyplease prints them as `///` comments.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Summary and description as doc text, sanitized for rustdoc.
pub(crate) fn docs_text(docs: &Docs) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = docs.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(crate::docs::sanitize(summary));
    }
    if let Some(description) = docs.description.as_deref().filter(|s| !s.trim().is_empty()) {
        let description = crate::docs::sanitize(description);
        if !parts.contains(&description) {
            parts.push(description);
        }
    }
    parts.join("\n\n")
}

/// The Rust type for a `TypeRef`; `prefix` is the path to the types module (empty inside it).
pub(crate) fn rust_type(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::Uuid => quote! { ::uuid::Uuid },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::Bool => quote! { bool },
        TypeRef::I8 => quote! { i8 },
        TypeRef::I16 => quote! { i16 },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::U8 => quote! { u8 },
        TypeRef::U16 => quote! { u16 },
        TypeRef::U32 => quote! { u32 },
        TypeRef::U64 => quote! { u64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Value => quote! { ::serde_json::Value },
        TypeRef::Named(name) => {
            let ident = format_ident!("{}", name);
            quote! { #prefix #ident }
        }
        TypeRef::Boxed(name) => {
            let ident = format_ident!("{}", name);
            quote! { Box<#prefix #ident> }
        }
        TypeRef::Vec(item) => {
            let item = rust_type(item, prefix);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, prefix);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner, prefix);
            quote! { Option<#inner> }
        }
        // The final IR's `Def` has no values: lowering names every type.
        TypeRef::Def(finished) => match *finished {},
    }
}

/// The Rust type of a struct field: `Option<_>` when it may be missing or null, and
/// `Option<Option<_>>` when absent and `null` are different things (tri-state).
pub(crate) fn field_type(field: &Field, prefix: &TokenStream) -> TokenStream {
    let ty = rust_type(&field.ty, prefix);
    if field.tri_state {
        quote! { Option<Option<#ty>> }
    } else if field.is_optional() {
        quote! { Option<#ty> }
    } else {
        ty
    }
}

/// `field_type` as docs and `api.txt` write it.
pub(crate) fn field_label(field: &Field) -> String {
    let ty = field.ty.label();
    if field.tri_state {
        format!("Option<Option<{ty}>>")
    } else if field.is_optional() {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_files_are_cut_into_pieces_never_changes_them() {
        let source = include_str!("../../tests/fixtures/discriminated.yaml");
        let doc = crate::parse::parse(source).unwrap();
        let api = crate::lower::lower(&doc.spec).unwrap();
        let settings = Settings::default();
        let whole = emit_in_pieces(&api, &settings, usize::MAX).unwrap();
        assert_eq!(whole, emit_in_pieces(&api, &settings, 1).unwrap());
        assert_eq!(whole, emit_in_pieces(&api, &settings, 3).unwrap());
    }
}
