//! Limits that keep one client, or a crowd, from taking the service down:
//! - [`rate_limit`]: a token bucket per client and [`Policy`] on `/api` paths (429 beyond it), with
//!   `RateLimit-Policy` and `RateLimit` headers as in draft-ietf-httpapi-ratelimit-headers-10
//!   (`RateLimit-Policy: "read";q=600;w=60`, `RateLimit: "read";r=599;t=1`);
//! - [`overloaded`] with [`MAX_IN_FLIGHT`]: a global cap on requests in flight, the excess answered 503 at
//!   once (tower's `GlobalConcurrencyLimitLayer` + `LoadShedLayer` behind axum's `HandleErrorLayer`);
//! - [`request_size`]: a request target over [`MAX_URI_BYTES`] is a 414, headers over
//!   [`MAX_HEADER_BYTES`] or more than [`MAX_HEADERS`] of them a 431.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Extensions, HeaderMap, HeaderName, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::{StateInformationMiddleware, StateSnapshot};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::error::{MAX_URI_BYTES, Message};
use tower::BoxError;

use crate::ApiError;

/// Whether each client's requests are limited (`RATE_LIMIT`, on unless `off`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PerClient {
    #[default]
    On,
    /// For benchmarks and load tests, which send everything from one address.
    Off,
}

/// How requests are limited. The global in-flight limit ([`MAX_IN_FLIGHT`]) always applies; the
/// per-client rate limit can be turned off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitsConfig {
    pub per_client: PerClient,
}

impl LimitsConfig {
    /// `RATE_LIMIT`: unset, empty or `on` limits each client; `off` does not; anything else is refused.
    pub fn from_env() -> Result<Self, String> {
        let value = std::env::var_os("RATE_LIMIT");
        Self::parse(value.as_ref().map(|v| v.to_str().ok_or("RATE_LIMIT is not UTF-8")).transpose()?)
    }

    fn parse(value: Option<&str>) -> Result<Self, String> {
        let per_client = match value.map(str::trim) {
            None | Some("" | "on") => PerClient::On,
            Some("off") => PerClient::Off,
            Some(other) => return Err(format!("RATE_LIMIT={other:?}: expected \"on\" or \"off\"")),
        };
        Ok(Self { per_client })
    }
}

/// A kind of request with its own bucket per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Every `/api` request that has no stricter policy.
    Read,
    /// `POST /api/v1/convert/batch`: up to 10,000 addresses each.
    Batch,
    /// `POST /api/v1/staff/sign-in`, failed or not (failures are slowed down further, per account and
    /// per address, by `staff::auth::Throttle`).
    SignIn,
    Report,
}

impl Policy {
    pub const ALL: [Policy; 4] = [Policy::Read, Policy::Batch, Policy::SignIn, Policy::Report];

    /// Its name in the `RateLimit-Policy` and `RateLimit` headers.
    pub const fn name(self) -> &'static str {
        match self {
            Policy::Read => "read",
            Policy::Batch => "batch",
            Policy::SignIn => "sign-in",
            Policy::Report => "report",
        }
    }

    /// How many requests a client may send at once (`q`), the bucket refilled evenly over `w` seconds.
    ///
    /// Reads: search as you type sends one request per keystroke (about 60 for one address), and many
    /// phones share one address behind a carrier-grade NAT, so 600 at once and 10 a second after that.
    /// Batches: each may hold 10,000 addresses (seconds of CPU), so 5 at once and one per 12 s: 50,000
    /// addresses at once, 50,000 a minute after that.
    pub const fn quota(self) -> (u32, u64) {
        match self {
            Policy::Read => (600, 60),
            Policy::Batch => (5, 60),
            Policy::SignIn => (10, 900),
            Policy::Report => (10, 3600),
        }
    }

    /// The policy of a request, or `None` for a path outside `/api` (the app's pages and assets).
    pub fn of(method: &Method, path: &str) -> Option<Policy> {
        if !is_api(path) {
            return None;
        }
        Some(match (method, path) {
            (&Method::POST, "/api/v1/convert/batch") => Policy::Batch,
            (&Method::POST, "/api/v1/staff/sign-in") => Policy::SignIn,
            (&Method::POST, "/api/v1/reports") => Policy::Report,
            _ => Policy::Read,
        })
    }

    /// The `RateLimit-Policy` value, e.g. `"read";q=600;w=60`.
    fn header(self) -> HeaderValue {
        let (q, w) = self.quota();
        HeaderValue::try_from(format!("\"{}\";q={q};w={w}", self.name())).expect("an ASCII header value")
    }
}

/// `/api` and everything under it, as the router sends to the API (not `/apiary`).
pub(crate) fn is_api(path: &str) -> bool {
    path.strip_prefix("/api").is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whom a bucket belongs to: an IPv4 address, or an IPv6 /64 (what one subscriber is given, and can
/// change the rest of at will). Requests without a known address share [`ClientKey::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    V4(Ipv4Addr),
    V6Net(u64),
    Unknown,
}

impl From<IpAddr> for ClientKey {
    fn from(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(ip) => ClientKey::V4(ip),
            IpAddr::V6(ip) => ClientKey::V6Net((ip.to_bits() >> 64) as u64),
        }
    }
}

impl ClientKey {
    /// The peer of the connection (the plain server's `ConnectInfo`), else on AWS Lambda the source
    /// address API Gateway saw. A client's own `X-Forwarded-For` is never believed.
    pub fn of(extensions: &Extensions) -> ClientKey {
        if let Some(ConnectInfo(peer)) = extensions.get::<ConnectInfo<SocketAddr>>() {
            return peer.ip().into();
        }
        use lambda_http::RequestExt;
        use lambda_http::request::RequestContext;
        let source = match extensions.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.as_deref(),
            Some(RequestContext::ApiGatewayV1(context)) => context.identity.source_ip.as_deref(),
            _ => None,
        };
        source.and_then(|ip| ip.parse::<IpAddr>().ok()).map_or(ClientKey::Unknown, ClientKey::from)
    }
}

type Limiter = RateLimiter<ClientKey, DefaultKeyedStateStore<ClientKey>, DefaultClock, StateInformationMiddleware>;

/// How often buckets that are full again (indistinguishable from new ones) are dropped, so that memory
/// follows the clients of the last minutes, not every client ever seen.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// One keyed limiter per policy, shared by every route of one [`crate::app`].
pub struct RateLimits {
    read: Limiter,
    batch: Limiter,
    sign_in: Limiter,
    report: Limiter,
    started: Instant,
    /// Milliseconds after `started` of the next sweep.
    next_sweep: AtomicU64,
}

/// What a request was told: its policy, what is left, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub policy: Policy,
    pub allowed: bool,
    /// Requests left in the bucket (`r`).
    pub remaining: u32,
    /// Seconds until the bucket is full again, or when refused until the next request is allowed (`t`).
    pub reset: u64,
}

impl RateLimits {
    /// The limits of `config`, or `None` when each client's requests are not limited.
    pub fn new(config: LimitsConfig) -> Option<Arc<Self>> {
        let limiter = |policy: Policy| {
            let (q, w) = policy.quota();
            let burst = NonZeroU32::new(q).expect("a quota above zero");
            let quota = Quota::with_period(Duration::from_secs(w) / q).expect("a period above zero").allow_burst(burst);
            RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>()
        };
        (config.per_client == PerClient::On).then(|| {
            Arc::new(Self {
                read: limiter(Policy::Read),
                batch: limiter(Policy::Batch),
                sign_in: limiter(Policy::SignIn),
                report: limiter(Policy::Report),
                started: Instant::now(),
                next_sweep: AtomicU64::new(SWEEP_EVERY.as_millis() as u64),
            })
        })
    }

    fn limiter(&self, policy: Policy) -> &Limiter {
        match policy {
            Policy::Read => &self.read,
            Policy::Batch => &self.batch,
            Policy::SignIn => &self.sign_in,
            Policy::Report => &self.report,
        }
    }

    /// Takes one request from `client`'s bucket of `policy`.
    pub fn check(&self, policy: Policy, client: ClientKey) -> Decision {
        self.sweep_if_due();
        let limiter = self.limiter(policy);
        let (q, _) = policy.quota();
        match limiter.check_key(&client) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                Decision { policy, allowed: true, remaining, reset: refill_secs(&state, q - remaining.min(q)) }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(limiter.clock().now());
                Decision { policy, allowed: false, remaining: 0, reset: ceil_secs(wait) }
            }
        }
    }

    /// Clients tracked by `policy`'s bucket (for tests and diagnostics).
    pub fn clients(&self, policy: Policy) -> usize {
        self.limiter(policy).len()
    }

    /// Drops full buckets, at most once per [`SWEEP_EVERY`], on the request that finds it due (no task to
    /// spawn, so that [`crate::app`] needs no runtime).
    fn sweep_if_due(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        let due = self.next_sweep.load(Ordering::Relaxed);
        let next = now + SWEEP_EVERY.as_millis() as u64;
        if now >= due && self.next_sweep.compare_exchange(due, next, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            self.sweep();
        }
    }

    pub fn sweep(&self) {
        for policy in Policy::ALL {
            let limiter = self.limiter(policy);
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// Seconds until `missing` requests have come back to the bucket.
fn refill_secs(state: &StateSnapshot, missing: u32) -> u64 {
    ceil_secs(state.quota().replenish_interval() * missing)
}

fn ceil_secs(duration: Duration) -> u64 {
    duration.as_millis().div_ceil(1000) as u64
}

impl Decision {
    /// `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-10).
    fn write(&self, headers: &mut HeaderMap) {
        let current = format!("\"{}\";r={};t={}", self.policy.name(), self.remaining, self.reset);
        headers.insert(HeaderName::from_static("ratelimit-policy"), self.policy.header());
        headers.insert(HeaderName::from_static("ratelimit"), HeaderValue::try_from(current).expect("ASCII"));
    }
}

/// The per-client rate limit on `/api` paths: a 429 with `Retry-After` once the client's bucket is
/// empty; `RateLimit-Policy` and `RateLimit` on every limited answer, 429s included.
pub async fn rate_limit(State(limits): State<Option<Arc<RateLimits>>>, request: Request, next: Next) -> Response {
    let (Some(limits), Some(policy)) = (limits, Policy::of(request.method(), request.uri().path())) else {
        return next.run(request).await;
    };
    let decision = limits.check(policy, ClientKey::of(request.extensions()));
    let mut response = if decision.allowed {
        next.run(request).await
    } else {
        ApiError::too_many_requests(decision.reset.max(1)).into_response()
    };
    decision.write(response.headers_mut());
    response
}

/// Requests being answered at once, over every route, before more are refused with a 503 at once
/// instead of queueing: above the 256 connections of the soak test (on HTTP/1 a connection has one
/// request in flight, so a busy but healthy load is never refused), a quarter of the plain server's
/// 2,048 connections, so that slow or costly requests on the others are refused rather than left to
/// wait for the 10 s timeout, and 512 bodies of at most 64 KB stay within 32 MB.
pub const MAX_IN_FLIGHT: usize = 512;

/// When a refused client may try again: an overload on 2 cores drains within a second.
const OVERLOADED_RETRY_AFTER: u64 = 1;

/// The answer when the in-flight limit is reached (`LoadShedLayer`'s error), for `HandleErrorLayer`.
pub async fn overloaded(error: BoxError) -> ApiError {
    if error.is::<tower::load_shed::error::Overloaded>() {
        ApiError::unavailable(Message::Overloaded { retry_after: OVERLOADED_RETRY_AFTER }, OVERLOADED_RETRY_AFTER)
    } else {
        ApiError::internal(error)
    }
}

/// Longest request headers answered, names and values counted.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Most request header lines answered.
pub const MAX_HEADERS: usize = 100;

/// The length of the request target as the client sent it (a path and query, or an absolute URI).
fn target_len(uri: &Uri) -> usize {
    let scheme = uri.scheme_str().map_or(0, |s| s.len() + "://".len());
    let authority = uri.authority().map_or(0, |a| a.as_str().len());
    scheme + authority + uri.path_and_query().map_or(0, |p| p.as_str().len())
}

fn header_bytes(headers: &HeaderMap) -> usize {
    headers.iter().map(|(name, value)| name.as_str().len() + value.len()).sum()
}

/// 414 for a request target over [`MAX_URI_BYTES`], 431 for headers over [`MAX_HEADER_BYTES`] or more
/// than [`MAX_HEADERS`]: before any other work, on every request (the server's own limits are higher,
/// so that these answer with the JSON error body).
pub async fn request_size(request: Request, next: Next) -> Response {
    if target_len(request.uri()) > MAX_URI_BYTES {
        return ApiError::uri_too_long().into_response();
    }
    let headers = request.headers();
    if headers.len() > MAX_HEADERS || header_bytes(headers) > MAX_HEADER_BYTES {
        return ApiError::headers_too_large().into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use std::net::Ipv6Addr;

    use axum::Router;
    use axum::body::Body;
    use axum::error_handling::HandleErrorLayer;
    use axum::http::{StatusCode, header};
    use axum::routing::{get, post};
    use tower::ServiceExt;

    use super::*;

    #[test]
    fn rate_limit_is_on_unless_turned_off() {
        assert_eq!(LimitsConfig::parse(None).unwrap().per_client, PerClient::On);
        assert_eq!(LimitsConfig::parse(Some("on")).unwrap().per_client, PerClient::On);
        assert_eq!(LimitsConfig::parse(Some("")).unwrap().per_client, PerClient::On);
        assert_eq!(LimitsConfig::parse(Some(" off ")).unwrap().per_client, PerClient::Off);
        let error = LimitsConfig::parse(Some("no")).unwrap_err();
        assert!(error.contains("RATE_LIMIT") && error.contains("\"no\""), "{error}");
        assert!(RateLimits::new(LimitsConfig { per_client: PerClient::Off }).is_none());
    }

    #[test]
    fn policies_by_route() {
        assert_eq!(Policy::of(&Method::POST, "/api/v1/convert/batch"), Some(Policy::Batch));
        assert_eq!(Policy::of(&Method::GET, "/api/v1/convert/batch"), Some(Policy::Read));
        assert_eq!(Policy::of(&Method::POST, "/api/v1/convert"), Some(Policy::Read));
        assert_eq!(Policy::of(&Method::POST, "/api/v1/staff/sign-in"), Some(Policy::SignIn));
        assert_eq!(Policy::of(&Method::POST, "/api/v1/staff/sign-out"), Some(Policy::Read));
        assert_eq!(Policy::of(&Method::GET, "/api"), Some(Policy::Read));
        assert_eq!(Policy::of(&Method::GET, "/api/v1/search"), Some(Policy::Read));
        for path in ["/", "/xa/00097", "/assets/app-0123.wasm", "/apiary"] {
            assert_eq!(Policy::of(&Method::GET, path), None, "{path}");
        }
        let names: std::collections::BTreeSet<_> = Policy::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(names.len(), Policy::ALL.len());
        for policy in Policy::ALL {
            let (q, w) = policy.quota();
            assert!(q > 0 && w > 0 && (w * 1000) % u64::from(q) == 0, "{policy:?}: an exact period");
        }
    }

    #[test]
    fn clients_are_told_apart_by_address_and_ipv6_by_its_64_bit_prefix() {
        let v6 = |s: &str| ClientKey::from(s.parse::<IpAddr>().unwrap());
        assert_eq!(v6("2001:db8:1:2::1"), v6("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_ne!(v6("2001:db8:1:2::1"), v6("2001:db8:1:3::1"));
        assert_eq!(v6("::ffff:192.0.2.1"), ClientKey::V4(Ipv4Addr::new(192, 0, 2, 1)));
        assert_ne!(v6("192.0.2.1"), v6("192.0.2.2"));

        let mut extensions = Extensions::new();
        assert_eq!(ClientKey::of(&extensions), ClientKey::Unknown);
        extensions.insert(ConnectInfo(SocketAddr::from((Ipv6Addr::LOCALHOST, 4000))));
        assert_eq!(ClientKey::of(&extensions), ClientKey::V6Net(0));
    }

    /// On Lambda the address is the one API Gateway saw, from the event's request context; a client's
    /// own `X-Forwarded-For` changes nothing.
    #[test]
    fn lambda_clients_are_keyed_by_the_source_address_api_gateway_saw() {
        for (event, ip) in [
            (include_str!("../tests/fixtures/apigw_v2_convert.json"), "192.0.2.10"),
            (include_str!("../tests/fixtures/apigw_v1_old_commune.json"), "192.0.2.11"),
        ] {
            let mut request = lambda_http::request::from_str(event).expect("a Lambda event");
            request.headers_mut().insert("x-forwarded-for", HeaderValue::from_static("203.0.113.99"));
            assert_eq!(ClientKey::of(request.extensions()), ClientKey::from(ip.parse::<IpAddr>().unwrap()));
        }
        let alb = lambda_http::request::from_str(include_str!("../tests/fixtures/alb_search.json")).unwrap();
        assert_eq!(ClientKey::of(alb.extensions()), ClientKey::Unknown);
    }

    #[test]
    fn a_bucket_empties_refills_and_is_swept_once_full() {
        let limits = RateLimits::new(LimitsConfig::default()).unwrap();
        let one = ClientKey::V4(Ipv4Addr::new(192, 0, 2, 1));
        let other = ClientKey::V4(Ipv4Addr::new(192, 0, 2, 2));
        let (q, w) = Policy::Batch.quota();
        for sent in 1..=q {
            let decision = limits.check(Policy::Batch, one);
            assert!(decision.allowed, "request {sent}");
            assert_eq!(decision.remaining, q - sent);
            // Each request missing from the bucket comes back after w/q seconds.
            assert_eq!(decision.reset, u64::from(sent) * w / u64::from(q));
        }
        let refused = limits.check(Policy::Batch, one);
        assert!(!refused.allowed);
        assert_eq!(refused.remaining, 0);
        assert!((1..=w / u64::from(q)).contains(&refused.reset), "{refused:?}");
        // Another client and another policy have buckets of their own.
        assert!(limits.check(Policy::Batch, other).allowed);
        assert!(limits.check(Policy::Read, one).allowed);
        assert_eq!(limits.clients(Policy::Batch), 2);
        // Buckets in use are kept by a sweep; a read bucket is full again 100 ms after one request, and
        // then dropped (whether it is still there just after the request depends on the machine's pace).
        limits.sweep();
        assert_eq!(limits.clients(Policy::Batch), 2);
        std::thread::sleep(Duration::from_millis(300));
        limits.sweep();
        assert_eq!((limits.clients(Policy::Read), limits.clients(Policy::Batch)), (0, 2));
    }

    async fn send(app: &Router, request: axum::http::request::Builder) -> Response {
        app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
    }

    fn from(ip: [u8; 4]) -> ConnectInfo<SocketAddr> {
        ConnectInfo(SocketAddr::from((ip, 5000)))
    }

    #[tokio::test]
    async fn the_middleware_answers_429_with_retry_after_and_ratelimit_headers_on_every_api_answer() {
        let app = Router::new()
            .route("/api/v1/convert/batch", post(|| async { "done" }))
            .route("/api/v1/health", get(|| async { "ok" }))
            .route("/page", get(|| async { "page" }))
            .layer(axum::middleware::from_fn_with_state(RateLimits::new(LimitsConfig::default()), rate_limit));
        let batch = |ip| Request::post("/api/v1/convert/batch").extension(from(ip));
        let (q, w) = Policy::Batch.quota();
        for sent in 1..=q {
            let response = send(&app, batch([192, 0, 2, 1])).await;
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.headers()["ratelimit-policy"], format!("\"batch\";q={q};w={w}"));
            let expected = format!("\"batch\";r={};t={}", q - sent, u64::from(sent) * w / u64::from(q));
            assert_eq!(response.headers()["ratelimit"], expected.as_str());
        }
        let refused = send(&app, batch([192, 0, 2, 1])).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = refused.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=w / u64::from(q)).contains(&retry_after), "{retry_after}");
        assert_eq!(refused.headers()["ratelimit"], format!("\"batch\";r=0;t={retry_after}").as_str());
        assert_eq!(refused.extensions().get::<ApiError>().unwrap().code, crate::ErrorCode::TooManyRequests);

        assert_eq!(send(&app, batch([192, 0, 2, 2])).await.status(), StatusCode::OK, "another client");
        let read = send(&app, Request::get("/api/v1/health").extension(from([192, 0, 2, 1]))).await;
        assert_eq!(read.status(), StatusCode::OK, "reads have their own bucket");
        assert_eq!(read.headers()["ratelimit-policy"], "\"read\";q=600;w=60");
        let page = send(&app, Request::get("/page").extension(from([192, 0, 2, 1]))).await;
        assert!(page.headers().get("ratelimit").is_none(), "the app's pages are not limited");

        // Without an address every request shares one bucket.
        for _ in 0..q {
            assert_eq!(send(&app, Request::post("/api/v1/convert/batch")).await.status(), StatusCode::OK);
        }
        assert_eq!(send(&app, Request::post("/api/v1/convert/batch")).await.status(), StatusCode::TOO_MANY_REQUESTS);

        let off = Router::new().route("/api/v1/convert/batch", post(|| async { "done" })).layer(
            axum::middleware::from_fn_with_state(
                RateLimits::new(LimitsConfig { per_client: PerClient::Off }),
                rate_limit,
            ),
        );
        for _ in 0..=q {
            let response = send(&off, batch([192, 0, 2, 1])).await;
            assert_eq!(response.status(), StatusCode::OK);
            assert!(response.headers().get("ratelimit").is_none());
        }
    }

    /// With every slot taken by a request that waits on a barrier, the next request is refused at once
    /// with a 503 and `Retry-After`; once they finish, requests are answered again.
    #[tokio::test]
    async fn requests_beyond_the_in_flight_limit_are_shed_with_503() {
        const SLOTS: usize = 3;
        let barrier = Arc::new(tokio::sync::Barrier::new(SLOTS + 1));
        let entered = Arc::new(tokio::sync::Semaphore::new(0));
        let (wait, seen) = (barrier.clone(), entered.clone());
        let app = Router::new()
            .route(
                "/api/slow",
                get(move || {
                    let (wait, seen) = (wait.clone(), seen.clone());
                    async move {
                        seen.add_permits(1);
                        wait.wait().await;
                        "done"
                    }
                }),
            )
            .route("/api/fast", get(|| async { "fast" }))
            .layer(
                tower::ServiceBuilder::new()
                    .layer(HandleErrorLayer::new(overloaded))
                    .layer(tower::load_shed::LoadShedLayer::new())
                    .layer(tower::limit::GlobalConcurrencyLimitLayer::new(SLOTS)),
            );
        let slow: Vec<_> = (0..SLOTS).map(|_| tokio::spawn(send_owned(app.clone(), "/api/slow"))).collect();
        // Every slow request is inside its handler, holding its slot.
        let _ = entered.acquire_many(SLOTS as u32).await.unwrap();
        let shed = send(&app, Request::get("/api/fast")).await;
        assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(shed.headers()[header::RETRY_AFTER], "1");
        let error = shed.extensions().get::<ApiError>().unwrap();
        assert_eq!(error.message, Message::Overloaded { retry_after: 1 });
        barrier.wait().await;
        for task in slow {
            assert_eq!(task.await.unwrap(), StatusCode::OK);
        }
        assert_eq!(send(&app, Request::get("/api/fast")).await.status(), StatusCode::OK);
    }

    async fn send_owned(app: Router, uri: &'static str) -> StatusCode {
        send(&app, Request::get(uri)).await.status()
    }

    #[tokio::test]
    async fn long_targets_and_large_headers_are_refused_before_the_handler() {
        let app = Router::new()
            .route("/api/echo", get(|| async { "reached" }))
            .layer(axum::middleware::from_fn(request_size));
        let status = |request: axum::http::request::Builder| {
            let app = app.clone();
            async move { send(&app, request).await.status() }
        };
        let path = |len: usize| format!("/api/echo?q={}", "a".repeat(len - "/api/echo?q=".len()));
        assert_eq!(status(Request::get(path(MAX_URI_BYTES))).await, StatusCode::OK);
        assert_eq!(status(Request::get(path(MAX_URI_BYTES + 1))).await, StatusCode::URI_TOO_LONG);

        let many = (0..MAX_HEADERS).fold(Request::get("/api/echo"), |r, i| r.header(format!("x-h{i}"), "1"));
        assert_eq!(status(many).await, StatusCode::OK);
        let too_many = (0..=MAX_HEADERS).fold(Request::get("/api/echo"), |r, i| r.header("x-same", i.to_string()));
        assert_eq!(status(too_many).await, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "repeated names count");
        let value = |len: usize| "v".repeat(len - "x-big".len());
        assert_eq!(status(Request::get("/api/echo").header("x-big", value(MAX_HEADER_BYTES))).await, StatusCode::OK);
        assert_eq!(
            status(Request::get("/api/echo").header("x-big", value(MAX_HEADER_BYTES + 1))).await,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
        );
    }
}
