//! `caremap token create | revoke | list`.

use std::process::ExitCode;

use app::ssr::auth::token;

use super::CommandResult;
use super::user::open;
use crate::cli::TokenCommand;

pub async fn run(cmd: TokenCommand) -> CommandResult {
    match cmd {
        TokenCommand::Create { login, label, db } => {
            let store = open(&db.database_url).await?;
            let (account, _) = store.account_for_login(&login).await?.ok_or_else(|| format!("no account `{login}`"))?;
            if account.disabled {
                return Err(format!("account `{login}` is disabled").into());
            }
            let secret = token::generate()?;
            let id = store.create_token(account.id, &token::hash(&secret), &label, app::clock::now()).await?;
            eprintln!("token {id} for `{login}` (shown once; store it now):");
            println!("{secret}");
        }
        TokenCommand::Revoke { id, db } => {
            let store = open(&db.database_url).await?;
            if !store.revoke_token(id, app::clock::now()).await? {
                return Err(format!("no live token {id}").into());
            }
            println!("revoked token {id}");
        }
        TokenCommand::List { db } => {
            let store = open(&db.database_url).await?;
            for t in store.tokens().await? {
                let state = t.revoked_at.map_or("live".to_string(), |at| format!("revoked at {at}"));
                println!("{}\t{}\t{}\t{state}", t.id, t.login, t.label);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
