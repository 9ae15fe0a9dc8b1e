//! What the crate page and each operation's doc say: the operation index grouped by tag, and an
//! example that names the crate and builds the arguments.

use generator::{generate, Settings};

const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Shop, version: "1" }
tags:
  - { name: Orders, description: "Orders placed by customers.\n\nMore text." }
  - { name: Unused }
paths:
  /orders/{order_id}:
    get:
      operationId: getOrder
      summary: Fetch an order.
      tags: [Orders, Customers]
      parameters:
        - { name: order_id, in: path, required: true, schema: { type: string, format: uuid } }
        - { name: expand, in: query, required: true, schema: { type: boolean } }
      responses:
        "200":
          description: The order.
          content: { application/json: { schema: { $ref: "#/components/schemas/Order" } } }
  /orders:
    post:
      operationId: placeOrder
      tags: [Orders]
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/NewOrder" } } }
      responses: { "204": { description: Placed. } }
  /orders/{order_id}/receipt:
    put:
      operationId: uploadReceipt
      tags: [Orders]
      parameters:
        - { name: order_id, in: path, required: true, schema: { type: integer } }
      requestBody:
        content: { application/pdf: { schema: { type: string, format: binary } } }
      responses: { "204": { description: Stored. } }
  /health:
    get:
      operationId: health
      deprecated: true
      responses: { "204": { description: Up. } }
components:
  schemas:
    Order:
      type: object
      required: [id]
      properties: { id: { type: string } }
    NewOrder:
      type: object
      required: [items, kind]
      properties:
        items: { type: array, items: { $ref: "#/components/schemas/Line" } }
        kind: { type: string, enum: [retail, wholesale] }
        note: { type: string }
    Line:
      type: object
      required: [sku, count]
      properties: { sku: { type: string }, count: { type: integer } }
"##;

fn files() -> std::collections::BTreeMap<String, String> {
    let settings = Settings {
        crate_name: "shop_client".into(),
        ..Settings::default()
    };
    generate(SPEC, &settings).unwrap().files
}

#[test]
fn the_index_groups_operations_by_tag_in_the_documents_order() {
    let index = &files()["src/operations.md"];
    let at = |needle: &str| {
        index
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing from:\n{index}"))
    };
    assert!(index.contains("4 operations, each an async method on [`Client`](crate::Client)"));
    // Declared tags first, in their order; a tag only operations use next; untagged last.
    assert!(at("### Orders") < at("### Customers"));
    assert!(at("### Customers") < at("### Other operations"));
    assert!(
        !index.contains("### Unused"),
        "a tag without operations has no heading"
    );
    // A tag's description: its first line.
    assert!(index.contains("\nOrders placed by customers.\n"));
    assert!(!index.contains("More text."));
    // One line each, linked to the method, under every tag it has.
    let line =
        "- [`get_order`](crate::Client::get_order): Fetch an order (`GET /orders/{order_id}`)";
    assert_eq!(index.matches(line).count(), 2, "{index}");
    assert!(index.contains("- [`health`](crate::Client::health) (deprecated) (`GET /health`)"));
}

#[test]
fn each_operation_has_an_example_naming_the_crate_and_building_its_arguments() {
    let ops = &files()["src/operations.rs"];
    let examples = ops.matches("/// # Example").count();
    assert_eq!(examples, 4, "{ops}");
    for line in [
        "/// # async fn example(client: &shop_client::Client) -> Result<(), Box<dyn std::error::Error>> {",
        "/// let order_id: shop_client::uuid::Uuid = \"3fa85f64-5717-4562-b3fc-2c963f66afa6\".parse()?;",
        "/// let params = shop_client::types::GetOrderParams::new(true);",
        "/// let response = client.get_order(order_id, &params).await?;",
        "/// let received: &shop_client::types::Order = response.body();",
        // Nested required structs and enums are built, not taken as arguments.
        "/// let body = shop_client::types::NewOrder::new(vec![shop_client::types::Line::new(1, \"...\".to_string())], shop_client::types::NewOrderKind::Retail);",
        "/// let response = client.place_order(&body).await?;",
        // An optional body of bytes is given (a bare `None` would name no type).
        "/// let response = client.upload_receipt(order_id, Some(body)).await?;",
        // Calling a deprecated method in an example is not a warning.
        "/// # #[allow(deprecated)]",
    ] {
        assert!(ops.contains(line), "{line}\nmissing from:\n{ops}");
    }
}
