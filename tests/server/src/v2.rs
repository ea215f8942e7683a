//! `/v2`: given and family name, exact money, cursor pagination.

use charter_contract::NoBody;
use charter_server::{ApiError, Input, Routes};
use contracts::v1::InvoiceId;
use contracts::v2::{
    CreateInvoice, CreateUser, DeleteUser, GetInvoice, GetUser, Invoice, InvoicePage, ListInvoices,
    ListUsers, Money, UpdateUser, User, UserPage,
};

use crate::Billing;
use crate::store::{
    InvoiceFilter, InvoiceRecord, NewUserRecord, Store, UserChange, UserRecord, now,
};

pub(crate) fn routes<S: Store>(routes: Routes<Billing<S>>) -> Routes<Billing<S>> {
    routes
        .add::<ListUsers>(list_users::<S>)
        .add::<CreateUser>(create_user::<S>)
        .add::<GetUser>(get_user::<S>)
        .add::<UpdateUser>(update_user::<S>)
        .add::<DeleteUser>(delete_user::<S>)
        .add::<ListInvoices>(list_invoices::<S>)
        .add::<CreateInvoice>(create_invoice::<S>)
        .add::<GetInvoice>(get_invoice::<S>)
}

fn user(record: &UserRecord) -> User {
    User {
        id: record.id,
        email: record.email.clone(),
        given_name: record.given_name.clone(),
        family_name: record.family_name.clone(),
        created_at: record.created_at,
    }
}

fn invoice(record: &InvoiceRecord) -> Invoice {
    Invoice {
        id: record.id,
        user_id: record.user_id,
        amount: Money { minor_units: record.amount, currency: record.currency },
        status: record.status,
        memo: record.memo.clone(),
        due_date: record.due_date,
        created_at: record.created_at,
    }
}

async fn list_users<S: Store>(
    billing: Billing<S>,
    input: Input<ListUsers>,
) -> Result<UserPage, ApiError> {
    let (page, more) =
        billing.store.users_after(input.query.cursor, input.query.limit.get()).await?;
    let next_cursor = page.last().filter(|_| more).map(|record| record.id);
    Ok(UserPage { items: page.iter().map(user).collect(), next_cursor })
}

async fn create_user<S: Store>(
    billing: Billing<S>,
    input: Input<CreateUser>,
) -> Result<User, ApiError> {
    let body = input.body;
    let record = billing
        .store
        .create_user(NewUserRecord {
            email: body.email,
            given_name: body.given_name,
            family_name: body.family_name,
        })
        .await?;
    Ok(user(&record))
}

async fn get_user<S: Store>(billing: Billing<S>, input: Input<GetUser>) -> Result<User, ApiError> {
    Ok(user(&billing.store.user(input.path.user_id).await?))
}

async fn update_user<S: Store>(
    billing: Billing<S>,
    input: Input<UpdateUser>,
) -> Result<User, ApiError> {
    let body = input.body;
    let change = UserChange {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name.map(Some),
    };
    Ok(user(&billing.store.update_user(input.path.user_id, change).await?))
}

async fn delete_user<S: Store>(
    billing: Billing<S>,
    input: Input<DeleteUser>,
) -> Result<NoBody, ApiError> {
    billing.store.delete_user(input.path.user_id).await?;
    Ok(NoBody)
}

async fn list_invoices<S: Store>(
    billing: Billing<S>,
    input: Input<ListInvoices>,
) -> Result<InvoicePage, ApiError> {
    let query = input.query;
    let filter = InvoiceFilter { status: query.status, user_id: query.user_id };
    let (page, more) =
        billing.store.invoices_after(filter, query.cursor, query.limit.get()).await?;
    let next_cursor = page.last().filter(|_| more).map(|record| record.id);
    Ok(InvoicePage { items: page.iter().map(invoice).collect(), next_cursor })
}

async fn create_invoice<S: Store>(
    billing: Billing<S>,
    input: Input<CreateInvoice>,
) -> Result<Invoice, ApiError> {
    let body = input.body;
    let record = InvoiceRecord {
        id: InvoiceId(uuid::Uuid::new_v4()),
        user_id: body.user_id,
        amount: body.amount.minor_units,
        currency: body.amount.currency,
        status: contracts::v1::InvoiceStatus::Draft,
        memo: body.memo,
        due_date: body.due_date,
        created_at: now(),
    };
    Ok(invoice(&billing.store.create_invoice(record).await?))
}

async fn get_invoice<S: Store>(
    billing: Billing<S>,
    input: Input<GetInvoice>,
) -> Result<Invoice, ApiError> {
    Ok(invoice(&billing.store.invoice(input.path.invoice_id).await?))
}
