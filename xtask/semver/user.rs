// A user program for the `tests/diff` "Shop" spec: it touches every item those specs change, so
// it stops compiling exactly when a spec change breaks the generated crate's API.
// `cargo xtask semver-check` compiles it against the crate generated before and after each
// change and checks the result against what `cargo xtask diff` says about Rust.

use shop::types::{Color, GetItemParams, Item, NewItem};
use shop::{Client, Error, ErrorBody};

pub async fn use_the_api(client: &Client, id: uuid::Uuid) -> Result<(), Error> {
    let item: Item = client
        .get_item(id, &GetItemParams::default().expand(true))
        .await?
        .into_body();
    let _: &uuid::Uuid = &item.id;
    let _: &String = &item.name;
    let _: Option<i32> = item.price;
    let _: Option<&String> = item.note.as_ref();
    let _: Option<&Color> = item.color.as_ref();
    let _: Option<&std::collections::BTreeMap<String, serde_json::Value>> = item.meta.as_ref();
    match &item.color {
        Some(Color::Red) => {}
        Some(Color::Green) => {}
        Some(Color::Unknown(other)) => println!("new color {other}"),
        // Color is non_exhaustive: new values must not break this match.
        Some(_) | None => {}
    }

    let mut body = NewItem::new("lamp".to_string());
    body.tag = Some("sale".to_string());
    body.color = Some(Color::Red);
    let created = client.create_item(&body).await?;
    let _: &Item = created.body();

    client.delete_item(id).await?;
    Ok(())
}

pub fn inspect(error: &Error) {
    if let Some(ErrorBody::Problem(problem)) = error.error_body() {
        let _: Option<&String> = problem.title.as_ref();
    }
}

fn main() {}
