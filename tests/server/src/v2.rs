//! `/v2`: given and family name, exact money, cursor pagination.

use charter_contract::NoBody;
use charter_server::{ApiError, Input, Routes};
use contracts::v1::InvoiceId;
use contracts::v2::{
    CreateInvoice, CreateUser, DeleteUser, GetInvoice, GetUser, Invoice, InvoicePage, ListInvoices,
    ListUsers, Money, UpdateUser, User, UserPage,
};

use crate::Billing;
use crate::store::{InvoiceFilter, InvoiceRecord, NewUserRecord, UserChange, UserRecord, now};

pub(crate) fn routes(routes: Routes<Billing>) -> Routes<Billing> {
    routes
        .add::<ListUsers>(list_users)
        .add::<CreateUser>(create_user)
        .add::<GetUser>(get_user)
        .add::<UpdateUser>(update_user)
        .add::<DeleteUser>(delete_user)
        .add::<ListInvoices>(list_invoices)
        .add::<CreateInvoice>(create_invoice)
        .add::<GetInvoice>(get_invoice)
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

async fn list_users(billing: Billing, input: Input<ListUsers>) -> Result<UserPage, ApiError> {
    let store = billing.store.read().await;
    let after = input.query.cursor.map_or(Ok(0), |id| store.user_position(id))?;
    let (page, more) = store.users_after(after, input.query.limit.get() as usize);
    let next_cursor = page.last().filter(|_| more).map(|record| record.id);
    Ok(UserPage { items: page.into_iter().map(user).collect(), next_cursor })
}

async fn create_user(billing: Billing, input: Input<CreateUser>) -> Result<User, ApiError> {
    let body = input.body;
    let record = billing.store.write().await.create_user(NewUserRecord {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name,
    })?;
    Ok(user(&record))
}

async fn get_user(billing: Billing, input: Input<GetUser>) -> Result<User, ApiError> {
    Ok(user(billing.store.read().await.user(input.path.user_id)?))
}

async fn update_user(billing: Billing, input: Input<UpdateUser>) -> Result<User, ApiError> {
    let body = input.body;
    let change = UserChange {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name.map(Some),
    };
    Ok(user(&billing.store.write().await.update_user(input.path.user_id, change)?))
}

async fn delete_user(billing: Billing, input: Input<DeleteUser>) -> Result<NoBody, ApiError> {
    billing.store.write().await.delete_user(input.path.user_id)?;
    Ok(NoBody)
}

async fn list_invoices(
    billing: Billing,
    input: Input<ListInvoices>,
) -> Result<InvoicePage, ApiError> {
    let store = billing.store.read().await;
    let query = input.query;
    let after = query.cursor.map_or(Ok(0), |id| store.invoice_position(id))?;
    let filter = InvoiceFilter { status: query.status, user_id: query.user_id };
    let (page, more) = store.invoices_after(filter, after, query.limit.get() as usize);
    let next_cursor = page.last().filter(|_| more).map(|record| record.id);
    Ok(InvoicePage { items: page.into_iter().map(invoice).collect(), next_cursor })
}

async fn create_invoice(
    billing: Billing,
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
    Ok(invoice(&billing.store.write().await.create_invoice(record)?))
}

async fn get_invoice(billing: Billing, input: Input<GetInvoice>) -> Result<Invoice, ApiError> {
    Ok(invoice(billing.store.read().await.invoice(input.path.invoice_id)?))
}
