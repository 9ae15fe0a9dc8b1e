//! What a schema says beyond a value's type (lengths, bounds, patterns, item counts,
//! `multipleOf`, `uniqueItems`, an untyped `format`, `default`), compared with the direction
//! in mind: a request that tightens refuses what clients sent, a response that loosens sends
//! what clients were not promised.

use serde_json::Value;

use super::types::At;
use super::walk::Walk;
use super::{Direction, Severity};
use crate::ir::{Bound, Wire};

/// Which way a constraint moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    /// Fewer values allowed.
    Tighter,
    /// More values allowed.
    Looser,
    /// Neither contains the other (a different pattern).
    Unrelated,
}

/// A lower bound tightens when it rises, an upper bound when it falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    Lower,
    Upper,
}

/// One constraint change: rule suffix, direction of the move, what happened in words.
struct Found {
    suffix: String,
    moved: Move,
    what: String,
}

/// The crate checks none of these; the server does.
const UNCHECKED: &str = "the crate does not check this (the server does); its types are unchanged";

/// Compares what two specs say of one value; `integers` when it is an integer on both sides
/// (then an exclusive bound is the inclusive one next to it: `< 10` is `<= 9`).
pub(super) fn compare(walk: &mut Walk<'_>, at: &At, old: &Wire, new: &Wire, integers: bool) {
    let mut found = Vec::new();
    // A lower count of 0 constrains nothing.
    let lower = |n: Option<u64>| n.filter(|&n| n > 0);
    let counts = [
        (
            "max-length",
            "maxLength",
            old.max_length,
            new.max_length,
            Limit::Upper,
        ),
        (
            "min-length",
            "minLength",
            lower(old.min_length),
            lower(new.min_length),
            Limit::Lower,
        ),
        (
            "max-items",
            "maxItems",
            old.max_items,
            new.max_items,
            Limit::Upper,
        ),
        (
            "min-items",
            "minItems",
            lower(old.min_items),
            lower(new.min_items),
            Limit::Lower,
        ),
    ];
    for (name, keyword, was, now, limit) in counts {
        count(&mut found, name, keyword, was, now, limit);
    }
    let min = |b: Bound| if integers { inclusive_min(b) } else { b };
    let max = |b: Bound| if integers { inclusive_max(b) } else { b };
    let bounds = [
        (
            "max",
            "maximum",
            old.maximum.map(max),
            new.maximum.map(max),
            Limit::Upper,
        ),
        (
            "min",
            "minimum",
            old.minimum.map(min),
            new.minimum.map(min),
            Limit::Lower,
        ),
    ];
    for (name, keyword, was, now, limit) in bounds {
        bound(&mut found, name, keyword, was, now, limit);
    }
    text(
        &mut found,
        "pattern",
        old.pattern.as_deref(),
        new.pattern.as_deref(),
    );
    text(
        &mut found,
        "format",
        old.format.as_deref(),
        new.format.as_deref(),
    );
    multiple_of(&mut found, old.multiple_of, new.multiple_of);
    if old.unique_items != new.unique_items {
        found.push(if new.unique_items {
            Found {
                suffix: "unique-items-set".into(),
                moved: Move::Tighter,
                what: "items must now be unique".into(),
            }
        } else {
            Found {
                suffix: "unique-items-unset".into(),
                moved: Move::Looser,
                what: "items may now repeat".into(),
            }
        });
    }
    if old.nullable != new.nullable {
        found.push(if new.nullable {
            Found {
                suffix: "nullable-set".into(),
                moved: Move::Looser,
                what: "`null` is now allowed".into(),
            }
        } else {
            Found {
                suffix: "nullable-unset".into(),
                moved: Move::Tighter,
                what: "`null` is no longer allowed".into(),
            }
        });
    }
    for f in found {
        let mut severity = match (at.direction, f.moved) {
            (Direction::Request, Move::Tighter) | (Direction::Response, Move::Looser) => {
                Severity::Breaking
            }
            (_, Move::Unrelated) => Severity::PossiblyBreaking,
            _ => Severity::NonBreaking,
        };
        // Clients rarely rely on an answer matching a regular expression.
        if at.direction == Direction::Response
            && f.suffix.starts_with("pattern")
            && severity == Severity::Breaking
        {
            severity = Severity::PossiblyBreaking;
        }
        let why = match (at.direction, f.moved) {
            (Direction::Request, Move::Tighter) => "values the server accepted may now be refused",
            (Direction::Request, Move::Looser) => "the server accepts all it did before",
            (Direction::Request, Move::Unrelated) => {
                "some values the server accepted may be refused"
            }
            (Direction::Response, Move::Looser) => {
                "clients may receive values outside what they were promised"
            }
            (Direction::Response, Move::Tighter) => "answers stay within what was promised",
            (Direction::Response, Move::Unrelated) => {
                "clients may receive values outside what they were promised"
            }
        };
        walk.push(
            &at.group,
            at.rule(&f.suffix),
            severity,
            &at.pointer,
            format!("{}: {}: {why}", at.what, f.what),
            at.claims.clone(),
            UNCHECKED,
        );
    }
    default(walk, at, old.default.as_ref(), new.default.as_ref());
}

/// The smallest integer a minimum allows, as an inclusive bound.
fn inclusive_min(b: Bound) -> Bound {
    let value = if b.exclusive {
        b.value.floor() + 1.0
    } else {
        b.value.ceil()
    };
    Bound {
        value,
        exclusive: false,
    }
}

/// The largest integer a maximum allows, as an inclusive bound.
fn inclusive_max(b: Bound) -> Bound {
    let value = if b.exclusive {
        b.value.ceil() - 1.0
    } else {
        b.value.floor()
    };
    Bound {
        value,
        exclusive: false,
    }
}

fn count(
    found: &mut Vec<Found>,
    name: &str,
    keyword: &str,
    old: Option<u64>,
    new: Option<u64>,
    limit: Limit,
) {
    let (suffix, moved, what) = match (old, new) {
        (a, b) if a == b => return,
        (None, Some(n)) => ("set", Move::Tighter, format!("{keyword} {n} set")),
        (Some(o), None) => ("unset", Move::Looser, format!("{keyword} {o} dropped")),
        (Some(o), Some(n)) => {
            let rose = n > o;
            let moved = match (limit, rose) {
                (Limit::Upper, false) | (Limit::Lower, true) => Move::Tighter,
                _ => Move::Looser,
            };
            let verb = if rose { "raised" } else { "lowered" };
            let suffix = if rose { "increased" } else { "decreased" };
            (suffix, moved, format!("{keyword} {verb} from {o} to {n}"))
        }
        (None, None) => return,
    };
    found.push(Found {
        suffix: format!("{name}-{suffix}"),
        moved,
        what,
    });
}

fn bound(
    found: &mut Vec<Found>,
    name: &str,
    keyword: &str,
    old: Option<Bound>,
    new: Option<Bound>,
    limit: Limit,
) {
    let show = |b: Bound| {
        if b.exclusive {
            format!("{} (exclusive)", b.value)
        } else {
            b.value.to_string()
        }
    };
    let (suffix, moved, what) = match (old, new) {
        (a, b) if a == b => return,
        (None, Some(n)) => ("set", Move::Tighter, format!("{keyword} {} set", show(n))),
        (Some(o), None) => (
            "unset",
            Move::Looser,
            format!("{keyword} {} dropped", show(o)),
        ),
        (Some(o), Some(n)) => {
            // The same value made exclusive allows less, as a step inwards would.
            let inward = match limit {
                Limit::Upper => n.value < o.value || (n.value == o.value && n.exclusive),
                Limit::Lower => n.value > o.value || (n.value == o.value && n.exclusive),
            };
            let rose = if n.value != o.value {
                n.value > o.value
            } else {
                // Only exclusivity changed: an exclusive maximum sits lower, a minimum higher.
                match limit {
                    Limit::Upper => !n.exclusive,
                    Limit::Lower => n.exclusive,
                }
            };
            let suffix = if rose { "increased" } else { "decreased" };
            let moved = if inward { Move::Tighter } else { Move::Looser };
            (
                suffix,
                moved,
                format!("{keyword} changed from {} to {}", show(o), show(n)),
            )
        }
        (None, None) => return,
    };
    found.push(Found {
        suffix: format!("{name}-{suffix}"),
        moved,
        what,
    });
}

fn text(found: &mut Vec<Found>, name: &str, old: Option<&str>, new: Option<&str>) {
    let (suffix, moved, what) = match (old, new) {
        (a, b) if a == b => return,
        (None, Some(n)) => ("added", Move::Tighter, format!("{name} `{n}` added")),
        (Some(o), None) => ("removed", Move::Looser, format!("{name} `{o}` removed")),
        (Some(o), Some(n)) => (
            "changed",
            Move::Unrelated,
            format!("{name} changed from `{o}` to `{n}`"),
        ),
        (None, None) => return,
    };
    found.push(Found {
        suffix: format!("{name}-{suffix}"),
        moved,
        what,
    });
}

fn multiple_of(found: &mut Vec<Found>, old: Option<f64>, new: Option<f64>) {
    // 0.3 / 0.1 is 2.9999999999999996 in floating point: a whole ratio, give or take.
    let divides = |big: f64, small: f64| {
        let q = big / small;
        small != 0.0 && q.is_finite() && (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0)
    };
    let (suffix, moved, what) = match (old, new) {
        (a, b) if a == b => return,
        (None, Some(n)) => ("set", Move::Tighter, format!("multipleOf {n} set")),
        (Some(o), None) => ("unset", Move::Looser, format!("multipleOf {o} dropped")),
        (Some(o), Some(n)) => {
            let moved = if divides(n, o) {
                Move::Tighter
            } else if divides(o, n) {
                Move::Looser
            } else {
                Move::Unrelated
            };
            (
                "changed",
                moved,
                format!("multipleOf changed from {o} to {n}"),
            )
        }
        (None, None) => return,
    };
    found.push(Found {
        suffix: format!("multiple-of-{suffix}"),
        moved,
        what,
    });
}

/// What the server assumes for a value left out.
fn default(walk: &mut Walk<'_>, at: &At, old: Option<&Value>, new: Option<&Value>) {
    let request = at.direction == Direction::Request;
    let (suffix, severity, what) = match (old, new) {
        (a, b) if a == b => return,
        (None, Some(n)) => (
            "default-value-added",
            if request {
                Severity::PossiblyBreaking
            } else {
                Severity::NonBreaking
            },
            format!("default `{n}` added: a value left out is now taken as `{n}`"),
        ),
        (Some(o), None) => (
            "default-value-removed",
            Severity::PossiblyBreaking,
            format!("default `{o}` removed: what a value left out means is no longer said"),
        ),
        (Some(o), Some(n)) => (
            "default-value-changed",
            if request {
                Severity::Breaking
            } else {
                Severity::PossiblyBreaking
            },
            if request {
                format!("default changed from `{o}` to `{n}`: clients leaving it out now get `{n}`")
            } else {
                format!("default changed from `{o}` to `{n}`: clients reading a missing value as `{o}` misread it")
            },
        ),
        (None, None) => return,
    };
    walk.push(
        &at.group,
        at.rule(suffix),
        severity,
        &at.pointer,
        format!("{}: {what}", at.what),
        at.claims.clone(),
        "defaults are the server's; the crate sends only what the caller sets",
    );
}
