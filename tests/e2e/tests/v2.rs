//! The generated `/v2` client calls every `/v2` operation of a live reference server, on the
//! success path and on each documented error path.

use billing_client_v2::errors::ApiErrorExt as _;
use billing_client_v2::{Client, types};
use e2e_tests::{ALL_SCOPES, TestServer};

fn new_user(email: &str, given: &str, family: Option<&str>) -> types::NewUser {
    types::NewUser {
        email: email.parse().unwrap(),
        given_name: given.parse().unwrap(),
        family_name: family.map(|family| family.parse().unwrap()),
    }
}

fn money(minor_units: i64, currency: types::Currency) -> types::Money {
    types::Money { minor_units: types::MinorUnits(minor_units), currency }
}

fn new_invoice(user: &types::User, amount: types::Money) -> types::NewInvoice {
    types::NewInvoice {
        user_id: user.id.clone(),
        amount,
        memo: "Hosting, April".parse().unwrap(),
        due_date: chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
    }
}

async fn create_user(client: &Client, email: &str, given: &str) -> types::User {
    client.create_user().body(new_user(email, given, None)).send().await.unwrap().into_inner()
}

fn limit(n: u32) -> types::Limit {
    types::Limit(std::num::NonZeroU32::new(n).unwrap())
}

#[tokio::test]
async fn users_are_created_read_paged_by_cursor_changed_and_deleted() {
    let server = TestServer::start().await;
    let token = server.token("grace", &ALL_SCOPES);
    let client = server.v2(Some(&token));

    let created = client
        .create_user()
        .body(new_user("grace@example.com", "Grace", Some("Hopper")))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let grace = created.into_inner();
    assert_eq!(grace.family_name.as_ref().map(|name| name.as_str()), Some("Hopper"));
    for i in 0..4 {
        create_user(&client, &format!("user{i}@example.com"), &format!("User{i}")).await;
    }

    let mut seen = Vec::new();
    let mut cursor: Option<types::UserId> = None;
    loop {
        let mut request = client.list_users().limit(limit(2));
        if let Some(cursor) = cursor.take() {
            request = request.cursor(cursor);
        }
        let page = request.send().await.unwrap().into_inner();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|user| user.given_name.to_string()));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ["Grace", "User0", "User1", "User2", "User3"]);

    let stranger: types::UserId = "7c9e6679-7425-40de-944b-e07fc1f90ae7".parse().unwrap();
    let unknown_cursor = client.list_users().cursor(stranger).send().await.unwrap_err();
    assert_eq!(unknown_cursor.code(), Some(types::ErrorCode::NotFound));

    let patch = types::UserPatch {
        email: None,
        given_name: Some("Amazing Grace".parse().unwrap()),
        family_name: None,
    };
    let changed = client
        .update_user()
        .user_id(grace.id.clone())
        .body(patch)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (changed.given_name.as_str(), changed.family_name.map(|n| n.to_string())),
        ("Amazing Grace", Some("Hopper".into()))
    );

    let fetched = client.get_user().user_id(grace.id.clone()).send().await.unwrap().into_inner();
    assert_eq!(fetched.given_name.as_str(), "Amazing Grace");

    assert_eq!(client.delete_user().user_id(grace.id.clone()).send().await.unwrap().status(), 204);
    let gone = client.get_user().user_id(grace.id.clone()).send().await.unwrap_err();
    assert_eq!(gone.code(), Some(types::ErrorCode::NotFound));
    let after_deleted = client.list_users().cursor(grace.id).send().await.unwrap().into_inner();
    assert_eq!(after_deleted.items.len(), 4, "a deleted user's id still works as a cursor");

    let taken = client
        .create_user()
        .body(new_user("user0@example.com", "Dup", None))
        .send()
        .await
        .unwrap_err();
    assert_eq!(taken.code(), Some(types::ErrorCode::Conflict));
}

#[tokio::test]
async fn invoices_carry_exact_money_and_page_by_cursor() {
    let server = TestServer::start().await;
    let token = server.token("grace", &ALL_SCOPES);
    let client = server.v2(Some(&token));
    let grace = create_user(&client, "grace@example.com", "Grace").await;
    let alan = create_user(&client, "alan@example.com", "Alan").await;

    let created = client
        .create_invoice()
        .body(new_invoice(&grace, money(1250, types::Currency::Usd)))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let invoice = created.into_inner();
    assert_eq!(invoice.amount.minor_units.0, 1250);
    client
        .create_invoice()
        .body(new_invoice(&alan, money(99, types::Currency::Gbp)))
        .send()
        .await
        .unwrap();
    client
        .create_invoice()
        .body(new_invoice(&grace, money(500, types::Currency::Chf)))
        .send()
        .await
        .unwrap();

    let fetched =
        client.get_invoice().invoice_id(invoice.id.clone()).send().await.unwrap().into_inner();
    assert_eq!(fetched.amount.currency, types::Currency::Usd);

    let graces = client
        .list_invoices()
        .user_id(grace.id.clone())
        .limit(limit(1))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(graces.items.len(), 1);
    let rest = client
        .list_invoices()
        .user_id(grace.id.clone())
        .cursor(graces.next_cursor.clone().expect("a second page"))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].amount.currency, types::Currency::Chf);
    assert!(rest.next_cursor.is_none());
    let drafts = client
        .list_invoices()
        .status(types::InvoiceStatus::Draft)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(drafts.items.len(), 3);

    let nobody: types::InvoiceId = "7c9e6679-7425-40de-944b-e07fc1f90ae7".parse().unwrap();
    let missing = client.get_invoice().invoice_id(nobody).send().await.unwrap_err();
    assert_eq!(missing.code(), Some(types::ErrorCode::NotFound));

    let too_much = types::MinorUnits(100_000_000_001);
    let refused = client
        .create_invoice()
        .body(new_invoice(&grace, money(too_much.0, types::Currency::Usd)))
        .send()
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(types::ErrorCode::ValidationFailed));
    assert_eq!(refused.envelope().unwrap().error.details[0].field, "/amount/minor_units");

    let busy = client.delete_user().user_id(alan.id).send().await.unwrap_err();
    assert_eq!(busy.code(), Some(types::ErrorCode::Conflict));
}
