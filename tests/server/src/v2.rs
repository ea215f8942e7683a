//! `/v2`: given and family name, exact money, cursor pagination.

use contracts::NoBody;
use contracts::v1::InvoiceId;
use contracts::v2::{
    CreateInvoice, CreateUser, DeleteUser, GetInvoice, GetUser, Invoice, InvoicePage, ListInvoices,
    ListUsers, Money, UpdateUser, User, UserPage,
};

use crate::endpoint::{AppState, Input, Routes};
use crate::error::ApiError;
use crate::store::{InvoiceFilter, InvoiceRecord, NewUserRecord, UserChange, UserRecord, now};

pub(crate) fn routes(routes: Routes) -> Routes {
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

fn list_users(state: &AppState, input: Input<ListUsers>) -> Result<UserPage, ApiError> {
    let store = state.store();
    let after = input.query.cursor.map_or(Ok(0), |id| store.user_position(id))?;
    let (page, more) = store.users_after(after, input.query.limit.get() as usize);
    let next_cursor = page.last().filter(|_| more).map(|record| record.id);
    Ok(UserPage { items: page.into_iter().map(user).collect(), next_cursor })
}

fn create_user(state: &AppState, input: Input<CreateUser>) -> Result<User, ApiError> {
    let body = input.body;
    let record = state.store().create_user(NewUserRecord {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name,
    })?;
    Ok(user(&record))
}

fn get_user(state: &AppState, input: Input<GetUser>) -> Result<User, ApiError> {
    Ok(user(state.store().user(input.path.user_id)?))
}

fn update_user(state: &AppState, input: Input<UpdateUser>) -> Result<User, ApiError> {
    let body = input.body;
    let change = UserChange {
        email: body.email,
        given_name: body.given_name,
        family_name: body.family_name.map(Some),
    };
    Ok(user(&state.store().update_user(input.path.user_id, change)?))
}

fn delete_user(state: &AppState, input: Input<DeleteUser>) -> Result<NoBody, ApiError> {
    state.store().delete_user(input.path.user_id)?;
    Ok(NoBody)
}

fn list_invoices(state: &AppState, input: Input<ListInvoices>) -> Result<InvoicePage, ApiError> {
    let store = state.store();
    let query = input.query;
    let after = query.cursor.map_or(Ok(0), |id| store.invoice_position(id))?;
    let filter = InvoiceFilter { status: query.status, user_id: query.user_id };
    let (page, more) = store.invoices_after(filter, after, query.limit.get() as usize);
    let next_cursor = page.last().filter(|_| more).map(|record| record.id);
    Ok(InvoicePage { items: page.into_iter().map(invoice).collect(), next_cursor })
}

fn create_invoice(state: &AppState, input: Input<CreateInvoice>) -> Result<Invoice, ApiError> {
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
    Ok(invoice(&state.store().create_invoice(record)?))
}

fn get_invoice(state: &AppState, input: Input<GetInvoice>) -> Result<Invoice, ApiError> {
    Ok(invoice(state.store().invoice(input.path.invoice_id)?))
}
