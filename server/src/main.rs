//! `caremap`: serve the app, import facilities, generate data sets.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the C library's allocator: a server-rendered results page makes thousands of
/// small, short-lived allocations, and with glibc's malloc 42 % of the server's CPU under load went to
/// malloc, free and the copies of growing buffers (perf, /search at 1e5 facilities).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = server::cli::Cli::parse();
    server::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("caremap: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(server::run(cli))
}
