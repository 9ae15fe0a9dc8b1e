//! Vectors computed outside this code, with OpenSSL:
//!
//! ```sh
//! printf 'v0:1700000000:{"type":"file.ready","resource":{"id":"caf\xc3\xa9-\xe2\x9c\x93"}}' \
//!   | openssl dgst -sha256 -hmac "fio-secret-123"
//! printf '1700000000.{"id":"evt_1","type":"invoice.paid"}' \
//!   | openssl dgst -sha256 -hmac "whsec_stripe_test"
//! printf 'msg_p5jXN8AQM9LWM0D4loKWxJek.1700000000.{"type":"user.created"}' \
//!   | openssl dgst -sha256 -mac HMAC -macopt key:secret-for-svix-tests -binary | base64
//! ```

use super::*;
use reqwest::header::{HeaderName, HeaderValue};

const FRAMEIO: SignatureScheme = SignatureScheme {
    signature_header: "x-frameio-signature",
    timestamp: TimestampSource::Header("x-frameio-request-timestamp"),
    id_header: None,
    template: "v0:{timestamp}:{body}",
    separator: ",",
    delimiter: '=',
    version: "v0",
    encoding: SignatureEncoding::Hex,
    secret: SecretEncoding::Raw,
    tolerance: Duration::from_secs(300),
};

const SVIX: SignatureScheme = SignatureScheme {
    signature_header: "svix-signature",
    timestamp: TimestampSource::Header("svix-timestamp"),
    id_header: Some("svix-id"),
    template: "{id}.{timestamp}.{body}",
    separator: " ",
    delimiter: ',',
    version: "v1",
    encoding: SignatureEncoding::Base64,
    secret: SecretEncoding::Base64 { prefix: "whsec_" },
    tolerance: Duration::from_secs(300),
};

const STRIPE: SignatureScheme = SignatureScheme {
    signature_header: "stripe-signature",
    timestamp: TimestampSource::Entry("t"),
    id_header: None,
    template: "{timestamp}.{body}",
    separator: ",",
    delimiter: '=',
    version: "v1",
    encoding: SignatureEncoding::Hex,
    secret: SecretEncoding::Raw,
    tolerance: Duration::from_secs(300),
};

const FRAMEIO_SECRET: &[u8] = b"fio-secret-123";
/// Not ASCII: `café-✓` in UTF-8.
const FRAMEIO_BODY: &[u8] =
    b"{\"type\":\"file.ready\",\"resource\":{\"id\":\"caf\xc3\xa9-\xe2\x9c\x93\"}}";
const FRAMEIO_SIGNATURE: &str =
    "v0=8ab224c38b0b55e893587b5cb8f0cd9066d7bc260d480a1e89abc5f92471f222";
const SENT: u64 = 1_700_000_000;

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

fn frameio(signature: &str, timestamp: &str) -> HeaderMap {
    headers(&[
        ("x-frameio-signature", signature),
        ("x-frameio-request-timestamp", timestamp),
    ])
}

fn check_frameio(headers: &HeaderMap, body: &[u8], now: u64) -> Result<(), WebhookError> {
    verify_signature(&FRAMEIO, FRAMEIO_SECRET, headers, body, at(now))
}

#[test]
fn a_frameio_delivery_with_a_non_ascii_body_verifies() {
    let ok = frameio(FRAMEIO_SIGNATURE, "1700000000");
    assert_eq!(check_frameio(&ok, FRAMEIO_BODY, SENT + 10), Ok(()));
    // Upper-case hex is the same signature.
    let upper = frameio(
        &FRAMEIO_SIGNATURE.to_uppercase().replace("V0", "v0"),
        "1700000000",
    );
    assert_eq!(check_frameio(&upper, FRAMEIO_BODY, SENT), Ok(()));
}

#[test]
fn each_way_a_delivery_is_wrong_has_its_own_error() {
    let ok = frameio(FRAMEIO_SIGNATURE, "1700000000");
    // A tampered body, a tampered timestamp.
    let mut tampered = FRAMEIO_BODY.to_vec();
    tampered[10] ^= 1;
    assert_eq!(
        check_frameio(&ok, &tampered, SENT),
        Err(WebhookError::SignatureMismatch)
    );
    let moved = frameio(FRAMEIO_SIGNATURE, "1700000001");
    assert_eq!(
        check_frameio(&moved, FRAMEIO_BODY, SENT),
        Err(WebhookError::SignatureMismatch)
    );
    // Stale, and from the future, past the 5 minutes either way; at the edge, accepted.
    assert_eq!(check_frameio(&ok, FRAMEIO_BODY, SENT + 300), Ok(()));
    assert_eq!(
        check_frameio(&ok, FRAMEIO_BODY, SENT + 301),
        Err(WebhookError::Stale {
            age_secs: 301,
            tolerance_secs: 300
        })
    );
    assert_eq!(
        check_frameio(&ok, FRAMEIO_BODY, SENT - 301),
        Err(WebhookError::Future {
            ahead_secs: 301,
            tolerance_secs: 300
        })
    );
    // Missing headers.
    let no_signature = headers(&[("x-frameio-request-timestamp", "1700000000")]);
    assert_eq!(
        check_frameio(&no_signature, FRAMEIO_BODY, SENT),
        Err(WebhookError::MissingHeader {
            header: "x-frameio-signature"
        })
    );
    let no_timestamp = headers(&[("x-frameio-signature", FRAMEIO_SIGNATURE)]);
    assert_eq!(
        check_frameio(&no_timestamp, FRAMEIO_BODY, SENT),
        Err(WebhookError::MissingHeader {
            header: "x-frameio-request-timestamp"
        })
    );
    // `v1=` where `v0=` is expected.
    let v1 = frameio(&FRAMEIO_SIGNATURE.replace("v0=", "v1="), "1700000000");
    assert_eq!(
        check_frameio(&v1, FRAMEIO_BODY, SENT),
        Err(WebhookError::UnknownVersion {
            expected: "v0",
            found: "v1".into()
        })
    );
    // A truncated signature.
    let truncated = frameio(
        &FRAMEIO_SIGNATURE[..FRAMEIO_SIGNATURE.len() - 2],
        "1700000000",
    );
    assert!(matches!(
        check_frameio(&truncated, FRAMEIO_BODY, SENT),
        Err(WebhookError::MalformedSignature { why, .. }) if why.starts_with("31 bytes")
    ));
    // A timestamp that is not a number, a header with no delimiter.
    let bad_time = frameio(FRAMEIO_SIGNATURE, "yesterday");
    assert!(matches!(
        check_frameio(&bad_time, FRAMEIO_BODY, SENT),
        Err(WebhookError::MalformedHeader {
            header: "x-frameio-request-timestamp",
            ..
        })
    ));
    let bare = frameio("8ab224c3", "1700000000");
    assert!(matches!(
        check_frameio(&bare, FRAMEIO_BODY, SENT),
        Err(WebhookError::MalformedHeader {
            header: "x-frameio-signature",
            ..
        })
    ));
    // Another secret.
    assert_eq!(
        verify_signature(&FRAMEIO, b"other", &ok, FRAMEIO_BODY, at(SENT)),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn no_error_shows_the_secret() {
    let secret = b"fio-secret-123";
    let wrong = frameio(&FRAMEIO_SIGNATURE.replace("8ab2", "0000"), "1700000000");
    let svix = headers(&[
        ("svix-id", "msg_1"),
        ("svix-timestamp", "1700000000"),
        ("svix-signature", "v1,AAAA"),
    ]);
    let errors = [
        verify_signature(&FRAMEIO, secret, &wrong, FRAMEIO_BODY, at(SENT)),
        verify_signature(&SVIX, b"whsec_***not base64", &svix, b"{}", at(SENT)),
    ];
    for error in errors {
        let error = error.unwrap_err();
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("fio-secret-123"), "{text}");
            assert!(
                !text.contains("not base64\"") && !text.contains("***"),
                "{text}"
            );
        }
    }
}

#[test]
fn a_svix_delivery_verifies_among_several_signatures() {
    let body = br#"{"type":"user.created"}"#;
    let good = "v1,ML5ebtTJSfzD434bKN40sIvEFRP3PWceCM2kvYMyr5c=";
    let other = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let delivery = |signature: &str| {
        headers(&[
            ("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
            ("svix-timestamp", "1700000000"),
            ("svix-signature", signature),
        ])
    };
    let secret = b"whsec_c2VjcmV0LWZvci1zdml4LXRlc3Rz";
    let check = |h: &HeaderMap| verify_signature(&SVIX, secret, h, body, at(SENT));
    assert_eq!(check(&delivery(&format!("{other} {good}"))), Ok(()));
    assert_eq!(
        check(&delivery(other)),
        Err(WebhookError::SignatureMismatch)
    );
    // The id is signed too.
    let mut moved = delivery(good);
    moved.insert("svix-id", HeaderValue::from_static("msg_other"));
    assert_eq!(check(&moved), Err(WebhookError::SignatureMismatch));
}

#[test]
fn a_stripe_delivery_verifies_with_the_time_in_its_signature_header() {
    let body = br#"{"id":"evt_1","type":"invoice.paid"}"#;
    let signature = "t=1700000000,v1=3951c1891e7d7f3735a4bdf78a8a9ae399991085b146a6d01cf2cb08cb948e71,v0=ignored";
    let delivery = headers(&[("stripe-signature", signature)]);
    let check =
        |h: &HeaderMap, now| verify_signature(&STRIPE, b"whsec_stripe_test", h, body, at(now));
    assert_eq!(check(&delivery, SENT + 60), Ok(()));
    assert!(matches!(
        check(&delivery, SENT + 3600),
        Err(WebhookError::Stale { .. })
    ));
    let no_time = headers(&[("stripe-signature", &signature[13..])]);
    assert!(matches!(
        check(&no_time, SENT),
        Err(WebhookError::MalformedHeader { .. })
    ));
}

#[test]
fn nothing_panics_on_odd_input() {
    let odd = [
        "",
        ",",
        "=",
        "v0=",
        "v0==",
        "v0=zz",
        "v0=\u{7f}",
        "v0=0",
        " , ,v0=ab ",
        "t=,v1=",
    ];
    let times = ["", "-1", "99999999999999999999999", "1e9", " 1700000000 "];
    for signature in odd {
        for time in times {
            let mut map = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(signature) {
                map.insert("x-frameio-signature", v.clone());
                map.insert("svix-signature", v.clone());
                map.insert("stripe-signature", v);
            }
            if let Ok(v) = HeaderValue::from_str(time) {
                map.insert("x-frameio-request-timestamp", v.clone());
                map.insert("svix-timestamp", v);
            }
            map.insert("svix-id", HeaderValue::from_static("id"));
            for scheme in [FRAMEIO, SVIX, STRIPE] {
                for now in [UNIX_EPOCH, at(SENT), UNIX_EPOCH - Duration::from_secs(5)] {
                    let result = verify_signature(&scheme, b"whsec_AAAA", &map, b"\xff\xfe", now);
                    assert!(result.is_err(), "{scheme:?} {signature:?} {time:?}");
                }
            }
        }
    }
    // Header values that are not text.
    let mut map = HeaderMap::new();
    map.insert(
        "x-frameio-signature",
        HeaderValue::from_bytes(b"v0=\xff").unwrap(),
    );
    map.insert("x-frameio-request-timestamp", HeaderValue::from_static("1"));
    assert!(matches!(
        check_frameio(&map, b"", 1),
        Err(WebhookError::MalformedHeader { .. })
    ));
}

#[test]
fn a_verified_body_decodes_and_an_undecodable_one_is_its_own_error() {
    #[derive(Debug, serde::Deserialize)]
    struct Event {
        #[serde(rename = "type")]
        kind: String,
    }
    let ok = frameio(FRAMEIO_SIGNATURE, "1700000000");
    let event: Event = verify(&FRAMEIO, FRAMEIO_SECRET, &ok, FRAMEIO_BODY, at(SENT)).unwrap();
    assert_eq!(event.kind, "file.ready");
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Other {
        resource: Vec<u8>,
    }
    let error = verify::<Other>(&FRAMEIO, FRAMEIO_SECRET, &ok, FRAMEIO_BODY, at(SENT)).unwrap_err();
    assert!(
        matches!(&error, WebhookError::UndecodableBody { why } if why.starts_with("at `resource`")),
        "{error:?}"
    );
    // The signature is checked first: a tampered body is a mismatch, not a decoding error.
    assert_eq!(
        verify::<Event>(&FRAMEIO, FRAMEIO_SECRET, &ok, b"{}", at(SENT)).unwrap_err(),
        WebhookError::SignatureMismatch
    );
}

#[test]
fn signing_gives_what_the_sender_sends_and_verifies() {
    // The OpenSSL vector, signed here: the same header.
    let headers = sign(&FRAMEIO, FRAMEIO_SECRET, FRAMEIO_BODY, at(SENT), "").unwrap();
    assert_eq!(headers["x-frameio-signature"], FRAMEIO_SIGNATURE);
    assert_eq!(headers["x-frameio-request-timestamp"], "1700000000");
    // Every scheme's signature verifies.
    for scheme in [FRAMEIO, SVIX, STRIPE] {
        let secret: &[u8] = match scheme.secret {
            SecretEncoding::Raw => b"a raw secret",
            SecretEncoding::Base64 { .. } => b"whsec_c2VjcmV0LWZvci1zdml4LXRlc3Rz",
        };
        let headers = sign(&scheme, secret, b"{}", at(SENT), "msg_1").unwrap();
        assert_eq!(
            verify_signature(&scheme, secret, &headers, b"{}", at(SENT)),
            Ok(()),
            "{scheme:?}"
        );
    }
    let stripe = sign(&STRIPE, b"s", b"{}", at(SENT), "").unwrap();
    assert!(stripe["stripe-signature"]
        .to_str()
        .unwrap()
        .starts_with("t=1700000000,v1="));
    assert!(matches!(
        sign(&SVIX, b"whsec_***", b"{}", at(SENT), "msg_1"),
        Err(WebhookError::InvalidSecret { .. })
    ));
}

#[test]
fn a_body_with_trailing_bytes_does_not_decode() {
    let error = decode::<serde_json::Value>(br#"{"type":"file.ready"} trailing"#).unwrap_err();
    assert!(
        matches!(error, WebhookError::UndecodableBody { .. }),
        "{error:?}"
    );
}
