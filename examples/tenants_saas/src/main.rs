//! `cargo run -p tenants-saas -- --help`: the example API on loopback (README.md).

use std::process::ExitCode;

use tenants_saas::config::{Config, USAGE};

#[actix_web::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    tenants_saas::logger::init(std::env::var("RUST_LOG").ok().as_deref());
    let config = match Config::from_args(args, |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(problem) => {
            eprintln!("tenants-saas: {problem}");
            return ExitCode::from(2);
        }
    };
    match tenants_saas::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            log::error!("tenants-saas: {error}");
            ExitCode::FAILURE
        }
    }
}
