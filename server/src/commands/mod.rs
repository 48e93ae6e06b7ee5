//! One file per subcommand.

pub mod backup;
pub mod catchments;
pub mod generate;
pub mod hsds;
pub mod import;
mod import_stream;
pub mod places;
pub mod population;
pub mod register;
pub mod serve;
pub mod token;
pub mod user;

/// Every command's failure: shown to the operator as one line.
pub type CommandResult = Result<std::process::ExitCode, Box<dyn std::error::Error + Send + Sync>>;

/// `sqlite://dir/file.db`: make sure `dir` exists, so a fresh clone can start without set-up.
pub fn ensure_sqlite_dir(url: &str) -> std::io::Result<()> {
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Ok(());
    };
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}
