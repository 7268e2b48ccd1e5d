//! `target/release/api`: an AWS Lambda function when `AWS_LAMBDA_RUNTIME_API` is set, otherwise a plain
//! HTTP server on `HOST`:`PORT` (default 127.0.0.1:3000; `PORT=0` picks a free port), see [`api::server`].
//!
//! `api staff add-admin EMAIL` instead creates the first admin in the store at `STORE_URL` and prints
//! their one-time password.

use std::net::IpAddr;
use std::time::Duration;

use tracing_subscriber::EnvFilter;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// After the server's grace period, work still running on blocking threads is not waited for longer
/// than this: the exit stays bounded whatever a request was doing.
const RUNTIME_SHUTDOWN: Duration = Duration::from_millis(500);

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|arg| arg == "staff") {
        std::process::exit(staff_command(&args[1..]));
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(run());
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
    result
}

async fn run() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal, not in log files or CloudWatch.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();

    let state = api::AppState::from_env().await?;
    tracing::info!(dataset = %state.data.current().version(), "dataset loaded");
    state.data.current().warm_up();
    if let Some(staff) = &state.staff {
        staff.follow_releases(state.data.clone(), api::staff::release_poll_from_env()?);
    }
    let app = api::app(state);

    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        return lambda_http::run(app).await;
    }

    let config = api::server::Config::from_env()?;
    let host: IpAddr = env_or("HOST", "127.0.0.1").parse().map_err(|e| format!("HOST: {e}"))?;
    let port: u16 = env_or("PORT", "3000").parse().map_err(|e| format!("PORT: {e}"))?;
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    let shutdown = api::server::shutdown_signal()?;
    tracing::info!(
        max_connections = config.max_connections,
        idle_timeout_secs = config.idle_timeout.as_secs(),
        shutdown_grace_secs = config.shutdown_grace.as_secs(),
        "serving"
    );
    // Printed on stdout, on its own line, so that scripts and tests can find a port chosen with PORT=0.
    println!("listening on http://{}", listener.local_addr()?);
    api::server::serve(listener, app, config, shutdown).await;
    Ok(())
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

const STAFF_USAGE: &str = "usage: api staff add-admin EMAIL";

/// `api staff add-admin EMAIL`: creates an admin in the store at `STORE_URL` (default `var/store/`)
/// and prints the one-time password alone on the first line of stdout. 0 when done, 2 on any error
/// (said on stderr): a malformed e-mail, an account that exists, a store that cannot be reached.
fn staff_command(args: &[String]) -> i32 {
    let email = match args {
        [command, email] if command == "add-admin" => email,
        _ => {
            eprintln!("{STAFF_USAGE}");
            return 2;
        }
    };
    let email = match shared::staff::roles::Email::parse(email) {
        Ok(email) => email,
        Err(error) => {
            eprintln!("api staff add-admin: {error}");
            return 2;
        }
    };
    let created = tokio::runtime::Runtime::new().map_err(|e| e.to_string()).and_then(|runtime| {
        runtime.block_on(async {
            use api::staff::store::{Store, StoreUrl};
            let url = StoreUrl::from_env().map_err(|e| e.to_string())?;
            let store = Store::open(&url).map_err(|e| format!("STORE_URL: {e}"))?;
            api::staff::accounts::add_admin(&store, &email).await
        })
    });
    match created {
        Ok(password) => {
            println!("{password}");
            println!("This is the one-time password of admin {email}: sign in with it, then change it at once.");
            0
        }
        Err(error) => {
            eprintln!("api staff add-admin: {error}");
            2
        }
    }
}
