//! `caremap user add | list | disable`.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use app::ssr::auth::password;
use app::ssr::store::Store;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::UserCommand;

pub async fn open(url: &str) -> Result<Store, Box<dyn std::error::Error + Send + Sync>> {
    ensure_sqlite_dir(url)?;
    Ok(Store::connect(url).await?)
}

/// The first line of standard input, or a no-echo prompt (asked twice) on a terminal.
fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

pub async fn run(cmd: UserCommand) -> CommandResult {
    match cmd {
        UserCommand::Add { login, role, facilities, db } => {
            let login = app::model::check_login(&login).map_err(|m| format!("--login: {m}"))?;
            let pass = read_password()?;
            password::check_policy(&pass).map_err(|m| m.to_string())?;
            let hash = tokio::task::spawn_blocking(move || password::hash(&pass)).await??;
            let store = open(&db.database_url).await?;
            let id = store.create_account(&login, &hash, role, &facilities, app::clock::now()).await?;
            store.close().await;
            println!(
                "created {} `{login}` (id {id}) managing {}",
                role.as_str(),
                if facilities.is_empty() { "-".to_string() } else { facilities.join(", ") }
            );
        }
        UserCommand::ResetPassword { login, db } => {
            let store = open(&db.database_url).await?;
            let (account, _) = store.account_for_login(login.trim()).await?.ok_or(format!("no account `{login}`"))?;
            let temporary = app::ssr::auth::reset_password(&store, account.id).await?;
            store.close().await;
            // The only time it is shown: the operator passes it on; it must be changed at sign-in.
            println!("{temporary}");
        }
        UserCommand::List { db } => {
            let store = open(&db.database_url).await?;
            for a in store.accounts().await? {
                let state = if a.disabled { " (disabled)" } else { "" };
                println!("{}\t{}\t{}{state}\t{}", a.id, a.login, a.role.as_str(), a.facilities.join(","));
            }
        }
        UserCommand::Disable { login, enable, db } => {
            let store = open(&db.database_url).await?;
            let (account, _) = store.account_for_login(&login).await?.ok_or_else(|| format!("no account `{login}`"))?;
            store.set_account_disabled(account.id, !enable).await?;
            println!("{} `{login}`", if enable { "enabled" } else { "disabled" });
        }
    }
    Ok(ExitCode::SUCCESS)
}
