//! Staff sign-in and sessions: passwords hashed with argon2id, a session as an HS256 JWT in an HttpOnly,
//! SameSite=Strict cookie, the one auth layer ([`require_staff`]) with its CSRF check, and failed
//! sign-ins slowed down per account and per address ([`Throttle`]).
//!
//! Decisions:
//! - The signing key is `SESSION_KEY` (base64, at least 32 bytes: from AWS Secrets Manager in the cloud)
//!   or else one kept in the store (`secrets/session-key`), made on first start. When the store cannot
//!   be read at start-up, the key is read on first use instead: reads are served meanwhile.
//! - A session is not kept on the server: it names the account and a fingerprint of its password hash,
//!   and every request loads the account, so that disabling it or changing its password ends its
//!   sessions at once. Signing out clears the cookie; a copy of the token would stay valid until it
//!   expires (8 h) unless the password is changed.
//! - A write (any method but GET and HEAD) needs `X-Requested-With: xa-moi` besides the SameSite
//!   cookie: another site's page cannot send that header without a CORS preflight, never granted.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use shared::staff::roles::{Account, Email};
use shared::staff::wire::{
    CSRF_HEADER, CSRF_VALUE, MAX_PASSWORD_CHARS, SESSION_COOKIE, SessionResponse, SignInRequest,
};

use super::StaffState;
use super::accounts::{self, StoredAccount};
use super::store::{Collection, Store, StoreError};
use crate::error::Message;
use crate::limits::ClientKey;
use crate::{ApiError, AppState};

/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(8 * 3600);

/// Shortest signing key, in bytes (HS256 wants at least its 256 bits).
pub const MIN_KEY_BYTES: usize = 32;

/// The document of `Collection::Secrets` that keeps the signing key when `SESSION_KEY` is unset.
const KEY_DOCUMENT: &str = "session-key";

/// The session signing key, and the counters of failed sign-ins. Its `Debug` never shows the key.
pub struct Auth {
    key: tokio::sync::OnceCell<SessionKey>,
    /// Where the key is read (or made) if it was not at start-up; `None` when it came from `SESSION_KEY`.
    store: Option<Store>,
    pub throttle: Throttle,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth").field("key_loaded", &self.key.initialized()).finish_non_exhaustive()
    }
}

/// The signing key stored in the store.
#[derive(Serialize, Deserialize)]
struct StoredKey {
    /// Base64 (standard, padded).
    key: String,
    created_at: String,
}

impl Auth {
    /// The key from `SESSION_KEY`, else from the store, made there on first start. A malformed
    /// `SESSION_KEY` or stored key stops the server; a store that cannot be reached does not (the key
    /// is read on first use).
    pub async fn load(store: &Store) -> Result<Self, String> {
        // Hash the stand-in password of unknown accounts now, so that the first sign-in of an unknown
        // e-mail takes no longer than any other.
        tokio::task::spawn_blocking(dummy_hash);
        if let Some(value) = std::env::var_os("SESSION_KEY") {
            let value = value.to_str().ok_or("SESSION_KEY is not UTF-8")?;
            let key = decode_key(value).map_err(|why| format!("SESSION_KEY: {why}"))?;
            tracing::info!("session key from SESSION_KEY");
            return Ok(Self::with_key(&key));
        }
        let auth =
            Self { key: tokio::sync::OnceCell::new(), store: Some(store.clone()), throttle: Throttle::default() };
        match load_or_create_key(store).await {
            Ok(key) => {
                let _ = auth.key.set(key);
            }
            Err(StoreError::Unavailable(error)) => {
                tracing::error!(%error, "the session key cannot be read from the store; trying again on first use");
            }
            Err(error) => return Err(format!("the session key in the store: {error}")),
        }
        Ok(auth)
    }

    /// Signs with `key` (tests, and `SESSION_KEY`).
    pub fn with_key(key: &[u8]) -> Self {
        Self {
            key: tokio::sync::OnceCell::new_with(Some(SessionKey::new(key))),
            store: None,
            throttle: Throttle::default(),
        }
    }

    async fn key(&self) -> Result<&SessionKey, ApiError> {
        self.key
            .get_or_try_init(|| async {
                let store = self.store.as_ref().expect("a key from SESSION_KEY is set at start-up");
                load_or_create_key(store).await.map_err(ApiError::from)
            })
            .await
    }

    /// A new session for `stored`, as its `Set-Cookie` value.
    pub async fn session_cookie(&self, stored: &StoredAccount, secure: bool) -> Result<HeaderValue, ApiError> {
        let token = self.key().await?.issue(stored, super::now_secs());
        Ok(session_cookie(&token, secure))
    }
}

fn decode_key(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim();
    let key = base64::engine::general_purpose::STANDARD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
        .map_err(|_| "not base64".to_owned())?;
    if key.len() < MIN_KEY_BYTES {
        return Err(format!("{} bytes; a session key has at least {MIN_KEY_BYTES}", key.len()));
    }
    Ok(key)
}

/// The key kept in the store, made on first start. Of two instances starting at once, one creates it
/// and the other reads the winner's.
async fn load_or_create_key(store: &Store) -> Result<SessionKey, StoreError> {
    let corrupt = |why: String| StoreError::Corrupt { key: format!("secrets/{KEY_DOCUMENT}"), reason: why };
    if let Some(stored) = store.get_json::<StoredKey>(Collection::Secrets, KEY_DOCUMENT).await? {
        return Ok(SessionKey::new(&decode_key(&stored.key).map_err(corrupt)?));
    }
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    let stored =
        StoredKey { key: base64::engine::general_purpose::STANDARD.encode(key), created_at: super::now_rfc3339() };
    match store.create_json(Collection::Secrets, KEY_DOCUMENT, &stored).await {
        Ok(()) => {
            tracing::info!(store = ?store, "no SESSION_KEY: made a session signing key and kept it in the store");
            Ok(SessionKey::new(&key))
        }
        Err(StoreError::Exists { .. }) => {
            let stored = store
                .get_json::<StoredKey>(Collection::Secrets, KEY_DOCUMENT)
                .await?
                .ok_or_else(|| corrupt("created by another instance, then gone".to_owned()))?;
            Ok(SessionKey::new(&decode_key(&stored.key).map_err(corrupt)?))
        }
        Err(error) => Err(error),
    }
}

// Passwords

/// The argon2id PHC string of `password`, with a new random salt and the crate's default parameters
/// (19 MiB, 2 passes, 1 lane). Takes tens of milliseconds: call it off the async threads.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2id with default parameters").to_string()
}

/// Whether `password` is the one hashed in `phc` (a malformed hash matches nothing).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash that no sign-in of an unknown e-mail matches, verified instead of an account's so that an
/// unknown e-mail takes as long as a known one.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password(&accounts::one_time_password()))
}

pub async fn hash_password_async(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(ApiError::internal)
}

pub async fn verify_password_async(password: String, phc: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &phc)).await.map_err(ApiError::internal)
}

// Sessions

/// What a session token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The account's e-mail.
    pub sub: String,
    /// Issued at and expires at, seconds since the Unix epoch.
    pub iat: u64,
    pub exp: u64,
    /// The session's id (random), for the logs.
    pub sid: String,
    /// [`fingerprint`] of the password hash the session was signed in with.
    pub pwd: String,
}

struct SessionKey {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

impl SessionKey {
    fn new(key: &[u8]) -> Self {
        Self { encoding: EncodingKey::from_secret(key), decoding: DecodingKey::from_secret(key) }
    }

    /// A token for `stored`, issued at `now` (seconds since the epoch), valid for [`SESSION_TTL`].
    fn issue(&self, stored: &StoredAccount, now: u64) -> String {
        let mut sid = [0u8; 16];
        OsRng.fill_bytes(&mut sid);
        let claims = Claims {
            sub: stored.account.email.to_string(),
            iat: now,
            exp: now + SESSION_TTL.as_secs(),
            sid: hex(&sid),
            pwd: fingerprint(&stored.password_hash),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).expect("HS256 always signs")
    }

    /// The claims of a token this key signed and that has not expired.
    fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        match jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation) {
            Ok(data) => Ok(data.claims),
            Err(error) if matches!(error.kind(), jsonwebtoken::errors::ErrorKind::ExpiredSignature) => {
                Err(TokenError::Expired)
            }
            Err(_) => Err(TokenError::Invalid),
        }
    }
}

/// The first 8 bytes of the SHA-256 of a password hash, in hex: a session signed in with another
/// password (one changed since) no longer matches.
fn fingerprint(password_hash: &str) -> String {
    hex(&Sha256::digest(password_hash.as_bytes())[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value of a session: HttpOnly, SameSite=Strict, only sent to the staff API, for
/// [`SESSION_TTL`], and Secure unless the request came over loopback (a local run on plain HTTP).
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    cookie(token, SESSION_TTL.as_secs(), secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn expired_cookie(secure: bool) -> HeaderValue {
    cookie("", 0, secure)
}

fn cookie(value: &str, max_age: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let expires = if max_age == 0 { "; Expires=Thu, 01 Jan 1970 00:00:00 GMT" } else { "" };
    let text = format!(
        "{SESSION_COOKIE}={value}; Path=/api/v1/staff; Max-Age={max_age}{expires}; HttpOnly; SameSite=Strict{secure}"
    );
    HeaderValue::try_from(text).expect("a token is ASCII")
}

/// The session token of the request's cookies, if any.
fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
        .filter(|token| !token.is_empty())
}

/// The CSRF check of every staff write: `X-Requested-With: xa-moi`, else a 403.
pub fn require_csrf_header(headers: &HeaderMap) -> Result<(), ApiError> {
    let ok =
        headers.get_all(CSRF_HEADER).iter().any(|value| value.as_bytes().eq_ignore_ascii_case(CSRF_VALUE.as_bytes()));
    if ok { Ok(()) } else { Err(ApiError::forbidden(Message::CsrfHeaderMissing)) }
}

/// How the request came: whether its cookie must be Secure, and from which client.
#[derive(Debug, Clone, Copy)]
pub struct Transport {
    pub secure: bool,
    pub client: ClientKey,
}

impl<S: Send + Sync> FromRequestParts<S> for Transport {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // On Lambda there is no ConnectInfo: behind CloudFront and API Gateway, always HTTPS.
        let loopback = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .is_some_and(|ConnectInfo(peer)| peer.ip().to_canonical().is_loopback());
        Ok(Self { secure: !loopback, client: ClientKey::of(&parts.extensions) })
    }
}

// The auth layer

/// The account of the request's session, put in its extensions by [`require_staff`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff(pub Account);

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Staff>().cloned().ok_or_else(|| ApiError::unauthorized(Message::NoSession))
    }
}

/// Whether the signed-in account still has its one-time password (for `GET /api/v1/staff/me`).
#[derive(Debug, Clone, Copy)]
struct MustChangePassword(bool);

/// The one auth layer of the staff routes: a valid, unexpired session of an enabled account whose
/// password has not changed since (else 401), and on writes the CSRF header (else 403); then the
/// account is in the request as [`Staff`]. The account is read from the store on every request.
pub async fn require_staff(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    match authenticate(&state, &request.method().clone(), request.headers()).await {
        Ok(stored) => {
            request.extensions_mut().insert(MustChangePassword(stored.must_change_password));
            request.extensions_mut().insert(Staff(stored.account));
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

async fn authenticate(state: &AppState, method: &Method, headers: &HeaderMap) -> Result<StoredAccount, ApiError> {
    let staff = staff_state(state)?;
    let token = cookie_token(headers).ok_or_else(|| ApiError::unauthorized(Message::NoSession))?;
    let claims = staff.auth.key().await?.verify(token).map_err(|error| match error {
        TokenError::Expired => ApiError::unauthorized(Message::SessionExpired),
        TokenError::Invalid => ApiError::unauthorized(Message::NoSession),
    })?;
    let email = Email::parse(&claims.sub).map_err(|_| ApiError::unauthorized(Message::NoSession))?;
    let stored = accounts::load(&staff.store, &email).await.map_err(ApiError::from)?;
    let Some(stored) = stored.filter(|s| !s.account.disabled && fingerprint(&s.password_hash) == claims.pwd) else {
        return Err(ApiError::unauthorized(Message::SessionEnded));
    };
    if !matches!(*method, Method::GET | Method::HEAD) {
        require_csrf_header(headers)?;
    }
    Ok(stored)
}

/// The staff side, or a 503 when the server runs without a store.
pub(crate) fn staff_state(state: &AppState) -> Result<&StaffState, ApiError> {
    super::staff_of(state)
}

/// A store failure as an answer: 503 when it cannot be reached, else a server fault.
/// A JSON answer that no cache keeps.
pub(crate) fn no_store(body: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], body).into_response()
}

// Slowing down failed sign-ins

/// Whose failed sign-ins are counted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThrottleKey {
    Account(Email),
    Address(ClientKey),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    blocked_until: Option<Instant>,
}

/// Failed sign-ins per account and per address, in memory (each instance counts its own). After
/// [`ACCOUNT_FREE_FAILURES`] failures of one account (or [`ADDRESS_FREE_FAILURES`] from one address,
/// which may be many people behind one NAT) within [`FAILURE_WINDOW`], sign-in is refused (429) for
/// 30 s, doubled at each further failure up to 15 min; a success resets the account's count. At most
/// [`MAX_TRACKED`] keys are kept: when full, forgotten ones go first, then the longest quiet.
#[derive(Debug, Default)]
pub struct Throttle {
    entries: Mutex<HashMap<ThrottleKey, Failures>>,
}

pub const ACCOUNT_FREE_FAILURES: u32 = 5;
pub const ADDRESS_FREE_FAILURES: u32 = 20;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
const FIRST_DELAY: Duration = Duration::from_secs(30);
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
pub const MAX_TRACKED: usize = 10_000;

impl Throttle {
    /// The keys of a sign-in of `email` from `client`, the account's first.
    pub fn keys(email: &Email, client: ClientKey) -> [ThrottleKey; 2] {
        [ThrottleKey::Account(email.clone()), ThrottleKey::Address(client)]
    }

    /// A 429 with `Retry-After` if any of `keys` is blocked at `now`.
    pub fn check(&self, keys: &[ThrottleKey], now: Instant) -> Result<(), ApiError> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let wait = keys
            .iter()
            .filter_map(|key| entries.get(key)?.blocked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max();
        match wait {
            None => Ok(()),
            Some(wait) => {
                let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                let mut error = ApiError::too_many_requests(retry_after);
                error.message = Message::SignInThrottled { retry_after };
                Err(error)
            }
        }
    }

    /// Counts a failure of each of `keys` at `now`.
    pub fn failed(&self, keys: &[ThrottleKey], now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in keys {
            if !entries.contains_key(key) && entries.len() >= MAX_TRACKED {
                make_room(&mut entries, now);
            }
            let free = match key {
                ThrottleKey::Account(_) => ACCOUNT_FREE_FAILURES,
                ThrottleKey::Address(_) => ADDRESS_FREE_FAILURES,
            };
            let entry = entries.entry(key.clone()).or_insert(Failures { count: 0, last: now, blocked_until: None });
            if forgotten(entry, now) {
                *entry = Failures { count: 0, last: now, blocked_until: None };
            }
            entry.count += 1;
            entry.last = now;
            if entry.count >= free {
                let doublings = (entry.count - free).min(10);
                entry.blocked_until = Some(now + (FIRST_DELAY * 2u32.pow(doublings)).min(MAX_DELAY));
            }
        }
    }

    /// A successful sign-in: the account's failures are forgotten.
    pub fn succeeded(&self, key: &ThrottleKey) {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }
}

/// Not blocked, and no failure within the window.
fn forgotten(failures: &Failures, now: Instant) -> bool {
    failures.blocked_until.is_none_or(|until| until <= now) && now.duration_since(failures.last) > FAILURE_WINDOW
}

fn make_room(entries: &mut HashMap<ThrottleKey, Failures>, now: Instant) {
    entries.retain(|_, failures| !forgotten(failures, now));
    while entries.len() >= MAX_TRACKED {
        let quietest = entries.iter().min_by_key(|(_, failures)| failures.last).map(|(key, _)| key.clone());
        match quietest {
            Some(key) => entries.remove(&key),
            None => break,
        };
    }
}

// Routes

/// Sign-in and sign-out, before the auth layer.
pub fn public_routes() -> Router<AppState> {
    Router::new().route("/api/v1/staff/sign-in", post(sign_in)).route("/api/v1/staff/sign-out", post(sign_out))
}

/// The routes of this module behind the auth layer (mounted with [`require_staff`]).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/staff/me", get(me))
}

/// `POST /api/v1/staff/sign-in`: 200 with the account and a session cookie; 401 for a wrong e-mail or
/// password alike (an unknown e-mail costs a hash verification too); 429 once throttled.
async fn sign_in(
    State(state): State<AppState>,
    transport: Transport,
    headers: HeaderMap,
    body: Result<Json<SignInRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let staff = staff_state(&state)?;
    require_csrf_header(&headers)?;
    let Json(request) = body?;
    if request.password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(ApiError::unprocessable(Message::TooLong { field: "password", max: MAX_PASSWORD_CHARS }));
    }
    let email = accounts::parse_email(&request.email)?;
    let auth = &staff.auth;
    let keys = Throttle::keys(&email, transport.client);
    auth.throttle.check(&keys, Instant::now())?;
    let key = auth.key().await?;
    let stored = accounts::load(&staff.store, &email).await.map_err(ApiError::from)?;
    let hash = stored.as_ref().map(|s| s.password_hash.clone());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            verify_password(&password, dummy_hash());
            false
        }
    })
    .await
    .map_err(ApiError::internal)?;
    let Some(stored) = stored.filter(|s| matches && !s.account.disabled) else {
        auth.throttle.failed(&keys, Instant::now());
        // Not what was typed: people type passwords into the e-mail field.
        tracing::info!("failed sign-in");
        return Err(ApiError::unauthorized(Message::BadCredentials));
    };
    auth.throttle.succeeded(&keys[0]);
    let token = key.issue(&stored, super::now_secs());
    tracing::info!(account = %email, "signed in");
    let body = SessionResponse { account: stored.account, must_change_password: stored.must_change_password };
    let cookie = session_cookie(&token, transport.secure);
    Ok(([(header::SET_COOKIE, cookie)], no_store(Json(body))).into_response())
}

/// `POST /api/v1/staff/sign-out`: 204 and the cookie removed, with or without a valid session.
async fn sign_out(transport: Transport, headers: HeaderMap) -> Result<Response, ApiError> {
    require_csrf_header(&headers)?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, expired_cookie(transport.secure))]).into_response())
}

/// `GET /api/v1/staff/me`: who is signed in.
async fn me(Staff(account): Staff, request: Request) -> Response {
    let must_change_password = request.extensions().get::<MustChangePassword>().is_some_and(|m| m.0);
    no_store(Json(SessionResponse { account, must_change_password }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::staff::roles::Role;

    fn stored(password: &str) -> StoredAccount {
        let account = Account {
            email: Email::parse("hoa@example.org").unwrap(),
            role: Role::Editor,
            provinces: ["56".parse().unwrap()].into(),
            disabled: false,
        };
        StoredAccount::new(account, hash_password(password), false)
    }

    #[test]
    fn a_password_verifies_against_its_hash_and_a_wrong_one_does_not() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
        assert_ne!(hash, hash_password("correct horse battery"), "a new salt each time");
    }

    #[test]
    fn a_session_verifies_until_it_expires_and_not_once_tampered_with() {
        let key = SessionKey::new(&[7; 32]);
        let account = stored("a password of mine");
        let now = crate::staff::now_secs();
        let token = key.issue(&account, now);
        let claims = key.verify(&token).unwrap();
        assert_eq!(claims.sub, "hoa@example.org");
        assert_eq!(claims.exp - claims.iat, 8 * 3600);
        assert_eq!(claims.sid.len(), 32);
        assert_eq!(claims.pwd, fingerprint(&account.password_hash));

        let old = key.issue(&account, now - SESSION_TTL.as_secs() - 1);
        assert_eq!(key.verify(&old), Err(TokenError::Expired));

        // Another key, a changed payload, a changed signature, no signature, and "alg": "none".
        assert_eq!(SessionKey::new(&[8; 32]).verify(&token), Err(TokenError::Invalid));
        let parts: Vec<&str> = token.split('.').collect();
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut payload: serde_json::Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
        payload["sub"] = "admin@example.org".into();
        let forged = format!("{}.{}.{}", parts[0], b64.encode(payload.to_string()), parts[2]);
        assert_eq!(key.verify(&forged), Err(TokenError::Invalid));
        let mut signature = parts[2].to_owned().into_bytes();
        signature[0] = if signature[0] == b'A' { b'B' } else { b'A' };
        let resigned = format!("{}.{}.{}", parts[0], parts[1], String::from_utf8(signature).unwrap());
        assert_eq!(key.verify(&resigned), Err(TokenError::Invalid));
        assert_eq!(key.verify(&format!("{}.{}.", parts[0], parts[1])), Err(TokenError::Invalid));
        let none = b64.encode(r#"{"alg":"none","typ":"JWT"}"#);
        assert_eq!(key.verify(&format!("{none}.{}.", parts[1])), Err(TokenError::Invalid));
        assert_eq!(key.verify("garbage"), Err(TokenError::Invalid));
    }

    #[test]
    fn the_cookie_is_http_only_strict_scoped_and_secure_off_loopback() {
        let cookie = session_cookie("abc.def.ghi", true);
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("xm_session=abc.def.ghi; "), "{text}");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/staff", "Max-Age=28800", "Secure"] {
            assert!(text.split("; ").any(|a| a == attribute), "{attribute} in {text}");
        }
        let local = session_cookie("abc.def.ghi", false);
        assert!(!local.to_str().unwrap().contains("Secure"));
        let expired = expired_cookie(true);
        let text = expired.to_str().unwrap();
        assert!(text.starts_with("xm_session=; ") && text.contains("Max-Age=0") && text.contains("Expires="), "{text}");

        let mut headers = HeaderMap::new();
        assert_eq!(cookie_token(&headers), None);
        headers.insert(header::COOKIE, HeaderValue::from_static("lang=en; xm_session=t.o.k; other=1"));
        assert_eq!(cookie_token(&headers), Some("t.o.k"));
        headers.insert(header::COOKIE, HeaderValue::from_static("xm_session_old=x; xm_session="));
        assert_eq!(cookie_token(&headers), None);
    }

    #[tokio::test]
    async fn the_transport_is_secure_unless_on_loopback() {
        let transport = |peer: Option<&str>| {
            let mut request = axum::http::Request::new(());
            if let Some(peer) = peer {
                request.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
            }
            let (mut parts, ()) = request.into_parts();
            async move { Transport::from_request_parts(&mut parts, &()).await.unwrap().secure }
        };
        assert!(!transport(Some("127.0.0.1:4000")).await);
        assert!(!transport(Some("[::1]:4000")).await);
        assert!(!transport(Some("[::ffff:127.0.0.1]:4000")).await);
        assert!(transport(Some("192.0.2.1:4000")).await);
        assert!(transport(None).await, "Lambda: always HTTPS");
    }

    #[test]
    fn writes_need_the_csrf_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(require_csrf_header(&headers).unwrap_err().status, StatusCode::FORBIDDEN);
        headers.insert(CSRF_HEADER, HeaderValue::from_static("XMLHttpRequest"));
        assert!(require_csrf_header(&headers).is_err());
        headers.insert(CSRF_HEADER, HeaderValue::from_static("xa-moi"));
        assert!(require_csrf_header(&headers).is_ok());
    }

    #[test]
    fn failed_sign_ins_are_slowed_down_per_account_and_per_address() {
        let throttle = Throttle::default();
        let email = Email::parse("hoa@example.org").unwrap();
        let here = ClientKey::V4([192, 0, 2, 1].into());
        let keys = Throttle::keys(&email, here);
        let start = Instant::now();
        for n in 0..ACCOUNT_FREE_FAILURES {
            assert!(throttle.check(&keys, start).is_ok(), "failure {n}");
            throttle.failed(&keys, start);
        }
        let refused = throttle.check(&keys, start).unwrap_err();
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.retry_after, Some(30));
        assert_eq!(refused.message, Message::SignInThrottled { retry_after: 30 });
        // The same account from elsewhere is refused too; another account from here is not yet.
        let elsewhere = Throttle::keys(&email, ClientKey::V4([192, 0, 2, 2].into()));
        assert!(throttle.check(&elsewhere, start).is_err());
        let colleague = Throttle::keys(&Email::parse("lan@example.org").unwrap(), here);
        assert!(throttle.check(&colleague, start).is_ok());
        // The delay grows with each further failure.
        let later = start + Duration::from_secs(31);
        assert!(throttle.check(&keys, later).is_ok());
        throttle.failed(&keys, later);
        assert_eq!(throttle.check(&keys, later).unwrap_err().retry_after, Some(60));
        // A success forgets the account's failures.
        throttle.succeeded(&keys[0]);
        assert!(throttle.check(&keys[..1], later).is_ok());
        // Quiet for the window: forgotten.
        let much_later = later + FAILURE_WINDOW + Duration::from_secs(61);
        throttle.failed(&keys, much_later);
        assert!(throttle.check(&keys, much_later).is_ok());

        // One address trying many accounts is slowed down too.
        let throttle = Throttle::default();
        for n in 0..ADDRESS_FREE_FAILURES {
            let email = Email::parse(&format!("guess{n}@example.org")).unwrap();
            throttle.failed(&Throttle::keys(&email, here), start);
        }
        let fresh = Throttle::keys(&Email::parse("new@example.org").unwrap(), here);
        assert!(throttle.check(&fresh, start).is_err());
    }

    #[test]
    fn the_throttle_keeps_a_bounded_number_of_keys() {
        let throttle = Throttle::default();
        let start = Instant::now();
        for n in 0..MAX_TRACKED + 50 {
            let key = ThrottleKey::Address(ClientKey::V6Net(n as u64));
            throttle.failed(&[key], start + Duration::from_millis(n as u64));
        }
        assert!(throttle.len() <= MAX_TRACKED, "{}", throttle.len());
        // The newest are kept.
        let newest = ThrottleKey::Address(ClientKey::V6Net((MAX_TRACKED + 49) as u64));
        assert!(throttle.entries.lock().unwrap().contains_key(&newest));
    }
}
