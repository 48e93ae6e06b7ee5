//! The `caremap` binary's pieces, in a library so tests can reach them.

pub mod cli;
pub mod client_addr;
pub mod commands;
pub mod config;
pub mod headers;
pub mod limits;
pub mod prefs_cookie;
pub mod router;

pub mod api;

use std::process::ExitCode;

use cli::{Cli, Command};

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    // A log that cannot be written (stderr sent to a file on a full disk) is not an error to report:
    // tracing-subscriber would report it with `eprintln!`, which panics, dropping the request being served.
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).log_internal_errors(false).init();
}

pub async fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Serve(args) => commands::serve::run(args).await,
        Command::Import(args) => commands::import::run(args).await,
        Command::Export(args) => commands::hsds::export(args).await,
        Command::Generate(args) => commands::generate::run(args).await,
        Command::Population(cmd) => commands::population::run(cmd).await,
        Command::Catchments(cmd) => commands::catchments::run(cmd).await,
        Command::Places(cmd) => commands::places::run(cmd).await,
        Command::User(cmd) => commands::user::run(cmd).await,
        Command::Token(cmd) => commands::token::run(cmd).await,
        Command::Backup { out, db } => commands::backup::backup(&db.database_url, &out).await,
        Command::Restore { file, force, db } => commands::backup::restore(&db.database_url, &file, force).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("caremap: {e}");
            ExitCode::FAILURE
        }
    }
}
