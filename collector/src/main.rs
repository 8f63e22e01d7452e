//! The collector binary: parses the options, starts the server, maps start errors to exit codes.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use clap::Parser;
use tracing_subscriber::EnvFilter;
use va_rollout_collector::config::{Command, Options, EXIT_USAGE};
use va_rollout_collector::server::{self, StartError};

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let opts = Options::parse();
    match opts.command.clone() {
        Some(Command::Plan(cmd)) => {
            std::process::exit(va_rollout_collector::plans::cli::run(cmd).await)
        }
        Some(Command::Report(args)) => {
            std::process::exit(va_rollout_collector::report::cli::run(args).await)
        }
        None => {}
    }
    if let Err(e) = opts.validate() {
        eprintln!("error: {e}");
        std::process::exit(EXIT_USAGE);
    }
    let listener = match tokio::net::TcpListener::bind(opts.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", opts.addr);
            std::process::exit(1);
        }
    };
    match server::serve(opts, listener, server::shutdown_signal()).await {
        Ok(()) => {}
        Err(e @ StartError::Config(_)) => {
            eprintln!("error: {e}");
            std::process::exit(EXIT_USAGE);
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
