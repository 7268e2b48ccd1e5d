//! Staff accounts in the store (`accounts/<email>`): the account, its argon2id password hash and its
//! dates; the first admin made from the command line ([`add_admin`]); and the routes with which admins
//! invite and change accounts and anyone signed in changes their password.
//!
//! Decisions: an invitation answers a one-time password (shown once, stored only as its hash) rather
//! than a link, since the service sends no mail; the account is marked `must_change_password` until its
//! owner sets their own. An admin cannot disable themself or give up their own admin role, so that the
//! admin acting is always one that remains. Accounts are never deleted: a disabled one keeps the audit
//! log's names resolving.

use std::collections::BTreeSet;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use shared::model::ProvinceCode;
use shared::staff::roles::{Account, Email, Role};
use shared::staff::wire::{
    AccountEntry, AccountResponse, AccountsResponse, ChangePasswordRequest, InvitationResponse, InviteRequest,
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, UpdateAccountRequest,
};

use super::auth::{self, Staff, Transport};
use super::store::{Collection, Store, StoreError};
use crate::error::Message;
use crate::{ApiError, AppState};

/// Longest e-mail address taken (a document name in the store is at most 200 characters).
pub const MAX_EMAIL_CHARS: usize = 200;

/// One account as the store keeps it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAccount {
    pub account: Account,
    /// The PHC string of an argon2id hash (`$argon2id$v=19$m=19456,t=2,p=1$...`).
    pub password_hash: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// The password is a one-time password from an invitation or the command line.
    #[serde(default)]
    pub must_change_password: bool,
}

/// Never the hash, not even in a log.
impl std::fmt::Debug for StoredAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredAccount")
            .field("account", &self.account)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("must_change_password", &self.must_change_password)
            .finish_non_exhaustive()
    }
}

impl StoredAccount {
    /// A new account with `password_hash`, created now.
    pub fn new(account: Account, password_hash: String, must_change_password: bool) -> Self {
        let now = super::now_rfc3339();
        Self { account, password_hash, created_at: now.clone(), updated_at: now, must_change_password }
    }

    fn entry(self) -> AccountEntry {
        AccountEntry {
            account: self.account,
            created_at: self.created_at,
            updated_at: self.updated_at,
            must_change_password: self.must_change_password,
        }
    }
}

/// The account of `email`, `None` if there is none.
pub async fn load(store: &Store, email: &Email) -> Result<Option<StoredAccount>, StoreError> {
    match store.get_json(Collection::Accounts, email.as_str()).await {
        // An address that cannot be a document name cannot have an account either.
        Err(StoreError::BadName(_)) => Ok(None),
        other => other,
    }
}

/// Creates the account, once: [`StoreError::Exists`] if its e-mail has one.
pub async fn create(store: &Store, stored: &StoredAccount) -> Result<(), StoreError> {
    store.create_json(Collection::Accounts, stored.account.email.as_str(), stored).await
}

/// Replaces the stored account with `stored`.
pub async fn update(store: &Store, stored: &StoredAccount) -> Result<(), StoreError> {
    store.put_json(Collection::Accounts, stored.account.email.as_str(), stored).await
}

/// Every account, sorted by e-mail.
pub async fn list(store: &Store) -> Result<Vec<StoredAccount>, StoreError> {
    let mut accounts = Vec::new();
    for name in store.list(Collection::Accounts).await? {
        if let Some(stored) = store.get_json::<StoredAccount>(Collection::Accounts, &name).await? {
            accounts.push(stored);
        }
    }
    Ok(accounts)
}

/// Characters of one-time passwords: lower-case letters and digits without look-alikes (0/o, 1/l/i).
const OTP_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A random one-time password: 20 characters of 31 (99 bits) from the system's random source, in
/// groups of four for reading aloud: `abcd-efgh-jkmn-pqrs-tuvw`.
pub fn one_time_password() -> String {
    let mut chars = Vec::with_capacity(20);
    let mut bytes = [0u8; 64];
    while chars.len() < 20 {
        OsRng.fill_bytes(&mut bytes);
        // Rejection sampling keeps every character equally likely: 248 = 8 × 31.
        chars.extend(bytes.iter().filter(|&&b| b < 248).map(|&b| OTP_ALPHABET[usize::from(b) % OTP_ALPHABET.len()]));
    }
    chars.truncate(20);
    chars.chunks(4).map(|group| String::from_utf8(group.to_vec()).expect("ASCII")).collect::<Vec<_>>().join("-")
}

/// Creates admin `email` with a one-time password, which it returns (for `api staff add-admin`).
pub async fn add_admin(store: &Store, email: &Email) -> Result<String, String> {
    if email.as_str().chars().count() > MAX_EMAIL_CHARS {
        return Err(format!("{email} is longer than {MAX_EMAIL_CHARS} characters"));
    }
    let password = one_time_password();
    let for_hash = password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&for_hash)).await.map_err(|e| e.to_string())?;
    let account = Account { email: email.clone(), role: Role::Admin, provinces: BTreeSet::new(), disabled: false };
    match create(store, &StoredAccount::new(account, hash, true)).await {
        Ok(()) => Ok(password),
        Err(StoreError::Exists { .. }) => Err(format!("an account {email} exists already")),
        Err(StoreError::BadName(_)) => {
            Err(format!("{email} cannot be an account name (letters, digits and ._@+- only)"))
        }
        Err(error) => Err(error.to_string()),
    }
}

/// Routes for admins (`/api/v1/staff/accounts...`) and for anyone signed in (`/api/v1/staff/me/password`),
/// all behind [`auth::require_staff`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/staff/accounts", get(list_accounts).post(invite))
        .route("/api/v1/staff/accounts/{email}", patch(update_account))
        .route("/api/v1/staff/me/password", post(change_password))
}

fn admin_only(staff: &Account) -> Result<(), ApiError> {
    staff.may_manage_accounts().map_err(|_| ApiError::forbidden(Message::AdminsOnly))
}

/// A staff member's e-mail as typed, or a 422.
pub(crate) fn parse_email(text: &str) -> Result<Email, ApiError> {
    let bad = || ApiError::unprocessable(Message::BadEmail { text: text.chars().take(MAX_EMAIL_CHARS).collect() });
    if text.chars().count() > MAX_EMAIL_CHARS {
        return Err(ApiError::unprocessable(Message::TooLong { field: "email", max: MAX_EMAIL_CHARS }));
    }
    Email::parse(text).map_err(|_| bad())
}

/// The provinces an account of `role` keeps: at least one, each a province of the dataset served, for
/// an editor or reviewer; none for an admin, who works everywhere.
fn check_provinces(
    state: &AppState,
    role: Role,
    provinces: BTreeSet<ProvinceCode>,
) -> Result<BTreeSet<ProvinceCode>, ApiError> {
    if role == Role::Admin {
        return Ok(BTreeSet::new());
    }
    if provinces.is_empty() {
        return Err(ApiError::unprocessable(Message::NoProvinces));
    }
    let data = state.data.current();
    if let Some(unknown) = provinces.iter().find(|code| data.lookup.index().new_province(code).is_none()) {
        return Err(ApiError::unprocessable(Message::UnknownProvince { code: String::from(unknown.clone()) }));
    }
    Ok(provinces)
}

async fn list_accounts(State(state): State<AppState>, Staff(staff): Staff) -> Result<Response, ApiError> {
    admin_only(&staff)?;
    let store = &auth::staff_state(&state)?.store;
    let accounts = list(store).await.map_err(ApiError::from)?;
    let body = AccountsResponse { accounts: accounts.into_iter().map(StoredAccount::entry).collect() };
    Ok(auth::no_store(Json(body)))
}

/// `POST /api/v1/staff/accounts`: 201 with the one-time password, 409 if the e-mail has an account.
async fn invite(
    State(state): State<AppState>,
    Staff(staff): Staff,
    body: Result<Json<InviteRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    // Who asks is checked before what they sent: a non-admin learns nothing about accounts.
    admin_only(&staff)?;
    let store = auth::staff_state(&state)?.store.clone();
    let Json(request) = body?;
    let email = parse_email(&request.email)?;
    let provinces = check_provinces(&state, request.role, request.provinces)?;
    let account = Account { email: email.clone(), role: request.role, provinces, disabled: false };
    let password = one_time_password();
    let hash = auth::hash_password_async(password.clone()).await?;
    match create(&store, &StoredAccount::new(account.clone(), hash, true)).await {
        Ok(()) => {}
        Err(StoreError::Exists { .. }) => {
            return Err(ApiError::conflict(Message::AccountExists { email: email.to_string() }));
        }
        Err(StoreError::BadName(_)) => {
            return Err(ApiError::unprocessable(Message::BadEmail { text: email.to_string() }));
        }
        Err(error) => return Err(ApiError::from(error)),
    }
    tracing::info!(by = %staff.email, account = %email, role = ?account.role, "account invited");
    let body = InvitationResponse { account, one_time_password: password };
    Ok((StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `PATCH /api/v1/staff/accounts/{email}`: role, provinces, disabled.
async fn update_account(
    State(state): State<AppState>,
    Staff(staff): Staff,
    Path(email): Path<String>,
    body: Result<Json<UpdateAccountRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    admin_only(&staff)?;
    let store = auth::staff_state(&state)?.store.clone();
    let Json(request) = body?;
    let email = Email::parse(&email).map_err(|_| {
        ApiError::bad_request(Message::BadEmail { text: email.chars().take(MAX_EMAIL_CHARS).collect() })
    })?;
    let demotes = request.role.is_some_and(|role| role != Role::Admin);
    if email == staff.email && (request.disabled == Some(true) || demotes) {
        return Err(ApiError::conflict(Message::OwnAdminAccount));
    }
    let Some(mut stored) = load(&store, &email).await.map_err(ApiError::from)? else {
        return Err(ApiError::not_found(Message::UnknownAccount { email: email.to_string() }));
    };
    let role = request.role.unwrap_or(stored.account.role);
    let provinces = request.provinces.unwrap_or_else(|| stored.account.provinces.clone());
    stored.account.provinces = check_provinces(&state, role, provinces)?;
    stored.account.role = role;
    if let Some(disabled) = request.disabled {
        stored.account.disabled = disabled;
    }
    stored.updated_at = super::now_rfc3339();
    update(&store, &stored).await.map_err(ApiError::from)?;
    tracing::info!(by = %staff.email, account = %email, role = ?role, disabled = stored.account.disabled, "account changed");
    Ok(auth::no_store(Json(AccountResponse { account: stored.account })))
}

/// `POST /api/v1/staff/me/password`: 204 with a new session (every other session of the account ends).
async fn change_password(
    State(state): State<AppState>,
    Staff(staff): Staff,
    transport: Transport,
    body: Result<Json<ChangePasswordRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let staff_state = auth::staff_state(&state)?;
    let Json(request) = body?;
    let new_chars = request.new_password.chars().count();
    if new_chars < MIN_PASSWORD_CHARS {
        return Err(ApiError::unprocessable(Message::PasswordTooShort { min: MIN_PASSWORD_CHARS }));
    }
    if new_chars > MAX_PASSWORD_CHARS {
        return Err(ApiError::unprocessable(Message::TooLong { field: "new_password", max: MAX_PASSWORD_CHARS }));
    }
    let auth = &staff_state.auth;
    let keys = auth::Throttle::keys(&staff.email, transport.client);
    auth.throttle.check(&keys, std::time::Instant::now())?;
    let Some(mut stored) = load(&staff_state.store, &staff.email).await.map_err(ApiError::from)? else {
        return Err(ApiError::unauthorized(Message::SessionEnded));
    };
    let current_ok = request.current_password.chars().count() <= MAX_PASSWORD_CHARS
        && auth::verify_password_async(request.current_password, stored.password_hash.clone()).await?;
    if !current_ok {
        auth.throttle.failed(&keys, std::time::Instant::now());
        return Err(ApiError::forbidden(Message::WrongPassword));
    }
    auth.throttle.succeeded(&keys[0]);
    stored.password_hash = auth::hash_password_async(request.new_password).await?;
    stored.must_change_password = false;
    stored.updated_at = super::now_rfc3339();
    update(&staff_state.store, &stored).await.map_err(ApiError::from)?;
    tracing::info!(account = %staff.email, "password changed");
    let cookie = auth.session_cookie(&stored, transport.secure).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)], [(header::CACHE_CONTROL, "no-store")]).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_are_long_random_and_readable() {
        let a = one_time_password();
        let b = one_time_password();
        assert_ne!(a, b);
        assert_eq!(a.len(), 24, "{a}");
        assert!(a.chars().filter(|&c| c != '-').count() >= 16);
        assert!(a.split('-').all(|group| group.len() == 4 && group.bytes().all(|c| OTP_ALPHABET.contains(&c))), "{a}");
    }

    #[test]
    fn a_stored_account_never_shows_its_hash() {
        let account = Account {
            email: Email::parse("hoa@example.org").unwrap(),
            role: Role::Editor,
            provinces: ["56".parse().unwrap()].into(),
            disabled: false,
        };
        let stored = StoredAccount::new(account, "$argon2id$secret".into(), true);
        assert!(!format!("{stored:?}").contains("secret"));
        assert!(!serde_json::to_string(&stored.clone().entry()).unwrap().contains("secret"));
        assert!(
            time::OffsetDateTime::parse(&stored.created_at, &time::format_description::well_known::Rfc3339).is_ok()
        );
    }
}
