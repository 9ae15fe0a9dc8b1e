//! Trait impls every generated string or integer enum shares, so the generated code holds only
//! the data (variants, `as_str` / `value`, `From<&str>` / `From<i64>`).

/// For a string enum with `as_str()`, `From<&str>` and a catch-all `$unknown(String)` variant,
/// implements `From<String>`, `FromStr`, `Display`, `Serialize` and `Deserialize`: unknown values
/// are kept as received and serialize back unchanged.
#[allow(unused_macros)] // Used by generated code only when the spec has string enums.
macro_rules! string_enum {
    ($name:ident, $unknown:ident) => {
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

#[allow(unused_imports)] // Used by generated code only when the spec has string enums.
pub(crate) use string_enum;

/// For an integer enum with `value()`, `From<i64>` and a catch-all variant, implements
/// `Display`, `Serialize` and `Deserialize` through the `i64` value: unknown values are kept.
#[allow(unused_macros)] // Used by generated code only when the spec has integer enums.
macro_rules! integer_enum {
    ($name:ident) => {
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

#[allow(unused_imports)] // Used by generated code only when the spec has integer enums.
pub(crate) use integer_enum;

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq)]
    enum Kind {
        File,
        Other(String),
    }

    impl Kind {
        fn as_str(&self) -> &str {
            match self {
                Self::File => "file",
                Self::Other(value) => value,
            }
        }
    }

    impl From<&str> for Kind {
        fn from(value: &str) -> Self {
            match value {
                "file" => Self::File,
                other => Self::Other(other.to_string()),
            }
        }
    }

    string_enum!(Kind, Other);

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Size {
        Small,
        Other(i64),
    }

    impl Size {
        fn value(&self) -> i64 {
            match self {
                Self::Small => 512,
                Self::Other(value) => *value,
            }
        }
    }

    impl From<i64> for Size {
        fn from(value: i64) -> Self {
            match value {
                512 => Self::Small,
                other => Self::Other(other),
            }
        }
    }

    integer_enum!(Size);

    #[test]
    fn integer_values_round_trip() {
        assert_eq!(serde_json::from_str::<Size>("512").unwrap(), Size::Small);
        assert_eq!(serde_json::from_str::<Size>("7").unwrap(), Size::Other(7));
        assert_eq!(serde_json::to_string(&Size::Other(7)).unwrap(), "7");
        assert_eq!(Size::Small.to_string(), "512");
        assert!(serde_json::from_str::<Size>("\"512\"").is_err());
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let known: Kind = serde_json::from_str("\"file\"").unwrap();
        assert_eq!(known, Kind::File);
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
