//! The IR as lowering drafts it: the same types as [`crate::ir`], but a type is referred to by
//! its type-space entry ([`TypeRef::Def`]) until names are chosen. `finish` turns each draft
//! item into the final one ([`super::refs`]), whose `Def` has no values, so none can reach
//! an emitter. Lowering's modules import this module instead of `crate::ir`.

pub(crate) use crate::ir::*;

use super::space::TypeId;

pub(crate) type TypeRef = crate::ir::TypeRef<TypeId>;
pub(crate) type TypeKind = crate::ir::TypeKind<TypeId>;
pub(crate) type Struct = crate::ir::Struct<TypeId>;
pub(crate) type Field = crate::ir::Field<TypeId>;
pub(crate) type Union = crate::ir::Union<TypeId>;
pub(crate) type UnionVariant = crate::ir::UnionVariant<TypeId>;
pub(crate) type Example = crate::ir::Example<TypeId>;
pub(crate) type Operation = crate::ir::Operation<TypeId>;
pub(crate) type Param = crate::ir::Param<TypeId>;
pub(crate) type ParamsStruct = crate::ir::ParamsStruct<TypeId>;
pub(crate) type Body = crate::ir::Body<TypeId>;
pub(crate) type BodyContent = crate::ir::BodyContent<TypeId>;
pub(crate) type BodyKind = crate::ir::BodyKind<TypeId>;
pub(crate) type Success = crate::ir::Success<TypeId>;
pub(crate) type SuccessResponse = crate::ir::SuccessResponse<TypeId>;
pub(crate) type Content = crate::ir::Content<TypeId>;
pub(crate) type ErrorResponse = crate::ir::ErrorResponse<TypeId>;
pub(crate) type ResponseHeader = crate::ir::ResponseHeader<TypeId>;
pub(crate) type MultipartStruct = crate::ir::MultipartStruct<TypeId>;
pub(crate) type MultipartField = crate::ir::MultipartField<TypeId>;
pub(crate) type PartKind = crate::ir::PartKind<TypeId>;
