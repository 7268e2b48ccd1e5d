//! `target/release/api`: an AWS Lambda function when `AWS_LAMBDA_RUNTIME_API` is set, otherwise a plain
//! HTTP server on `HOST`:`PORT` (default 127.0.0.1:3000; `PORT=0` picks a free port).

use std::net::IpAddr;

use tracing_subscriber::EnvFilter;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();

    let state = api::AppState::from_env()?;
    tracing::info!(dataset = %state.data.version(), "dataset loaded");
    state.data.warm_up();
    let app = api::app(state);

    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        return lambda_http::run(app).await;
    }

    let host: IpAddr = env_or("HOST", "127.0.0.1").parse().map_err(|e| format!("HOST: {e}"))?;
    let port: u16 = env_or("PORT", "3000").parse().map_err(|e| format!("PORT: {e}"))?;
    let listener = tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
    // Printed on stdout, on its own line, so that scripts and tests can find a port chosen with PORT=0.
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
