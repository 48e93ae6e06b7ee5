//! `caremap export --format hsds DIR` and `caremap import --format hsds DIR`: every facility as
//! Open Referral HSDS JSON files (`app::ssr::hsds::FILES`), and such a folder read back.

use std::process::ExitCode;

use app::ssr::hsds;
use app::ssr::store::Store;

use super::{CommandResult, ensure_sqlite_dir};
use crate::cli::{ExportArgs, ImportArgs};

pub async fn export(args: ExportArgs) -> CommandResult {
    ensure_sqlite_dir(&args.db.database_url)?;
    let store = Store::connect(&args.db.database_url).await?;
    let facilities = store.load_all().await;
    store.close().await;
    let facilities = facilities?;
    let dir = args.dir.display().to_string();
    std::fs::create_dir_all(&args.dir).map_err(|e| format!("{dir}: {e}"))?;
    for (name, text) in hsds::export(&facilities) {
        let path = args.dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let services: usize = facilities.iter().map(|f| f.services.len()).sum();
    println!(
        "exported {} organizations and locations, {services} services as HSDS {} to {dir}",
        facilities.len(),
        hsds::VERSION
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn import(args: ImportArgs) -> CommandResult {
    let dir = args.file.display().to_string();
    if args.crs != app::geodesy::Crs::Wgs84 {
        return Err(format!("{dir}: HSDS coordinates are WGS-84; --crs does not apply").into());
    }
    let read = |name: &str| {
        let path = args.file.join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (organizations, services) = (read(hsds::FILES[0])?, read(hsds::FILES[1])?);
    let files = hsds::read::Files { organizations: &organizations, services: &services };
    let parsed = hsds::read::parse(&files, app::clock::now()).map_err(|e| format!("{dir}: {e}"))?;
    super::import::store_parsed(&dir, parsed, &args).await
}
