//! The impls every generated string or integer enum shares, so the generated code holds only
//! the data: the enum with its documented variants, and one line per variant naming its value.

/// `string_enum!(Name, Unknown, Variant("wire"), ...)`: for a string enum whose variants map to
/// the given wire values plus a catch-all
/// `$unknown(String)`: `as_str`, `From<&str>`, `From<String>`, `FromStr`, `Display`,
/// `Serialize` and `Deserialize`. Unknown values are kept as received and serialize back
/// unchanged.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident, $unknown:ident $(, $variant:ident($wire:literal))* $(,)?) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$unknown(_) => Self::$unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}

/// `integer_enum!(Name, Unknown, Variant(512), ...)`: for an integer enum whose variants map to
/// the given values plus a catch-all
/// `$unknown(i64)`: `value`, `From<i64>`, `Display`, `Serialize` and `Deserialize`. Unknown
/// values are kept.
#[macro_export]
#[doc(hidden)]
macro_rules! integer_enum {
    ($name:ident, $unknown:ident $(, $variant:ident($value:literal))* $(,)?) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::$unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq)]
    enum Kind {
        File,
        Other(String),
    }

    string_enum!(Kind, Other, File("file"));

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Size {
        Small,
        Other(i64),
    }

    integer_enum!(Size, Other, Small(512));

    #[test]
    fn integer_values_round_trip() {
        assert_eq!(serde_json::from_str::<Size>("512").unwrap(), Size::Small);
        assert_eq!(serde_json::from_str::<Size>("7").unwrap(), Size::Other(7));
        assert_eq!(serde_json::to_string(&Size::Other(7)).unwrap(), "7");
        assert_eq!(Size::Small.to_string(), "512");
        assert_eq!(Size::Small.value(), 512);
        assert!(serde_json::from_str::<Size>("\"512\"").is_err());
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let known: Kind = serde_json::from_str("\"file\"").unwrap();
        assert_eq!(known, Kind::File);
        assert_eq!(known.as_str(), "file");
        let unknown: Kind = serde_json::from_str("\"hologram\"").unwrap();
        assert_eq!(unknown, Kind::Other("hologram".into()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"hologram\"");
        assert_eq!(unknown.to_string(), "hologram");
        assert_eq!("file".parse::<Kind>().unwrap(), Kind::File);
        assert_eq!(Kind::from(String::from("x")), Kind::Other("x".into()));
        assert!(
            serde_json::from_str::<Kind>("42").is_err(),
            "a non-string is an error"
        );
    }
}
