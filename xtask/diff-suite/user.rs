// A program using the crate generated from `base.yaml`: it names every public item with its
// exact type, so it stops compiling exactly when an edit breaks the crate's API.
// `cargo xtask semver-check` compiles it against the crate before and after each case's edit
// and checks the result against the case's `rust:` verdict and the diff's report.

use std::collections::BTreeMap;

use shop::types::{
    Circle, CircleKind, Color, GetItemParams, Item, Legacy, ListItemsParams, ListItemsResponse,
    ListItemsSort, NewItem, Problem, Report, SetLabelRequest, Shape, Shelf, Square, SquareKind,
    Triangle, TriangleKind,
};
use shop::{Client, Error, ErrorBody};

pub async fn use_the_api(client: &Client, id: uuid::Uuid) -> Result<(), Error> {
    let params = ListItemsParams::default()
        .limit(10i32)
        .sort(ListItemsSort::Price)
        .q("lamp".to_string());
    let _: Option<i32> = params.limit;
    let _: Option<&ListItemsSort> = params.sort.as_ref();
    let _: Option<&String> = params.q.as_ref();
    let page: ListItemsResponse = client.list_items(&params).await?.into_body();
    let items: &Vec<Item> = &page.items;
    let _: Option<i64> = page.total;
    for item in items {
        read_item(item);
    }

    let mut body = NewItem::new("lamp".to_string());
    let _: &String = &body.name;
    body.color = Some(Color::Red);
    body.tag = Some("sale".to_string());
    body.tags = Some(vec!["new".to_string()]);
    body.price = Some(100i32);
    body.quantity = Some(2i64);
    body.owner_id = Some(id);
    body.gift = Some(true);
    body.note = Some(Some("gift wrap".to_string()));
    let created: Item = client.create_item(&body).await?.into_body();
    read_item(&created);

    let params = GetItemParams::default()
        .expand(true)
        .fields(vec!["name".to_string()]);
    let _: Option<bool> = params.expand;
    let _: Option<&Vec<String>> = params.fields.as_ref();
    let item: Item = client.get_item(id, &params).await?.into_body();
    read_item(&item);

    let _: () = client.delete_item(id).await?.into_body();

    let mut label = SetLabelRequest::new("Sale".to_string());
    let _: &String = &label.text;
    label.color = Some(Color::Green);
    let _: () = client.set_label(id, &label).await?.into_body();

    let (from, to): (&str, &str) = ("EUR", "USD");
    let _: f64 = client.get_rate(from, to).await?.into_body();

    let report: Report = client.get_report("monthly").await?.into_body();
    let _: Option<&String> = report.title.as_ref();
    let _: Option<&Vec<String>> = report.lines.as_ref();

    let (shop_id, shelf_id): (&str, &str) = ("s1", "f1");
    let shelf: Shelf = client.get_shelf(shop_id, shelf_id).await?.into_body();
    let _: &String = &shelf.id;
    let _: Option<&String> = shelf.shop_id.as_ref();

    let _: shop::TokenSource = shop::TokenSource::oauth_client_credentials("id", "secret");
    let legacy = Legacy::default();
    let _: Option<&String> = legacy.code.as_ref();
    let _ = (Problem::default(), Report::default());
    Ok(())
}

fn read_item(item: &Item) {
    let _: &uuid::Uuid = &item.id;
    let _: &String = &item.name;
    let _: Option<i32> = item.price;
    let _: Option<f64> = item.weight;
    let _: Option<&String> = item.note.as_ref();
    let _: Option<&uuid::Uuid> = item.owner_id.as_ref();
    let _: Option<&Vec<String>> = item.tags.as_ref();
    let _: Option<&BTreeMap<String, serde_json::Value>> = item.meta.as_ref();
    let _: Option<&shop::types::Nickname> = item.nick.as_ref();
    let _: Option<&String> = item.nick.as_ref();
    match &item.color {
        Some(Color::Red) | Some(Color::Green) | Some(Color::Blue) => {}
        Some(Color::Unknown(other)) => println!("new color {other}"),
        // Color is non_exhaustive: new values must not break this match.
        Some(_) | None => {}
    }
    match &item.shape {
        Some(Shape::Circle(Circle { radius, kind, .. })) => {
            let _: (&f64, &CircleKind) = (radius, kind);
            let _ = matches!(kind, CircleKind::Circle | CircleKind::Unknown(_));
        }
        Some(Shape::Square(Square { side, kind, .. })) => {
            let _: (&f64, &SquareKind) = (side, kind);
            let _ = matches!(kind, SquareKind::Square | SquareKind::Unknown(_));
        }
        Some(Shape::Triangle(Triangle { base, kind, .. })) => {
            let _: (&f64, &TriangleKind) = (base, kind);
            let _ = matches!(kind, TriangleKind::Triangle | TriangleKind::Unknown(_));
        }
        Some(Shape::Unknown(value)) => {
            let _: &serde_json::Value = value;
        }
        Some(_) | None => {}
    }
}

/// The client, built each way the crate offers for the spec's security scheme.
pub fn clients() -> Result<(Client, Client), Error> {
    let any_bearer = Client::new("s3cret")?;
    let by_scheme = Client::builder()
        .token("s3cret")
        .bearer_token("s3cret")
        .build()?;
    Ok((any_bearer, by_scheme))
}

pub fn inspect(error: &Error) {
    if let Some(ErrorBody::Problem(problem)) = error.error_body() {
        let _: Option<&String> = problem.title.as_ref();
    }
    let _ = matches!(ListItemsSort::Name, ListItemsSort::Name | ListItemsSort::Unknown(_));
}

fn main() {}
