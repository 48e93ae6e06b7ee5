//! The register upload on `/admin`: kept in the database between the dry run and "apply", so what
//! is applied is the file that was shown, re-compared with the store at the moment it is applied.
//! The command line (`caremap import`) and the page read their options through [`StoredOptions`].

use serde::{Deserialize, Serialize};

use super::{Applied, Options, Plan, Register, SheetFormat, columns::parse_map};
use crate::error::AppError;
use crate::geodesy::Crs;
use crate::message::Message;
use crate::model::{Account, FacilityKind, MissingRule, RegisterPreview, Via};
use crate::msg;
use crate::ssr::state::AppState;
use crate::ssr::store::{Actor, StoredUpload};

/// A spreadsheet of a few thousand rows is well under this; the route's body limit is larger.
pub const MAX_REGISTER_BYTES: usize = 16 * 1024 * 1024;

/// The options as given (a form's fields, a command line's flags): checked once, here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOptions {
    pub sheet: Option<String>,
    pub map: Option<String>,
    pub kind: Option<String>,
    pub crs: Option<String>,
}

impl StoredOptions {
    pub fn to_options(&self) -> Result<Options, AppError> {
        let present = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let map = present(&self.map)
            .map(|m| parse_map(&m))
            .transpose()
            .map_err(|e| AppError::bad_param("map", Message::rendered("err_register_map", e)))?;
        let kind = present(&self.kind)
            .map(|k| {
                FacilityKind::parse(&k).ok_or_else(|| AppError::bad_param("kind", msg!(err_unknown_kind, value = &k)))
            })
            .transpose()?;
        let crs = match present(&self.crs) {
            None => Crs::Wgs84,
            Some(c) => Crs::parse(&c).ok_or_else(|| AppError::bad_param("crs", msg!(err_unknown_crs, value = &c)))?,
        };
        Ok(Options { sheet: present(&self.sheet), map: map.unwrap_or_default(), crs, kind })
    }
}

fn format_of(filename: &str) -> Result<SheetFormat, AppError> {
    SheetFormat::from_path(filename)
        .ok_or_else(|| AppError::bad_param("file", msg!(err_register_file_type, value = filename)))
}

fn random_id() -> Result<String, AppError> {
    crate::ssr::auth::token::random_hex::<16>().map_err(|e| {
        tracing::error!(error = %e, "an upload id");
        AppError::Internal
    })
}

async fn read(state: &AppState, filename: &str, bytes: &[u8], options: &StoredOptions) -> Result<Register, AppError> {
    let options = options.to_options()?;
    super::read(bytes, format_of(filename)?, &options, state.geocoder.as_deref(), crate::clock::now(), &|_, _| {})
        .await
        .map_err(|e| AppError::bad_param("file", Message::rendered("err_register_file", e.to_string())))
}

/// Check the file can be read as a register at all (a header found), then keep it. Returns its id.
pub async fn save(
    state: &AppState,
    account: &Account,
    filename: &str,
    bytes: Vec<u8>,
    options: StoredOptions,
) -> Result<String, AppError> {
    if bytes.len() > MAX_REGISTER_BYTES {
        return Err(AppError::bad_param("file", msg!(err_file_too_large, mb = MAX_REGISTER_BYTES / 1024 / 1024)));
    }
    let format = format_of(filename)?;
    let parsed = options.to_options()?;
    // Only the file's shape is checked now (no geocoder calls): the rows are read for the preview.
    let grid = super::grid::read(&bytes, format, parsed.sheet.as_deref())
        .map_err(|e| AppError::bad_param("file", Message::rendered("err_register_file", e.to_string())))?;
    super::columns::Columns::find(&grid.rows, &parsed.map)
        .map_err(|e| AppError::bad_param("file", Message::rendered("err_register_file", e.to_string())))?;
    let id = random_id()?;
    let options = serde_json::to_string(&options).map_err(|_| AppError::Internal)?;
    let upload = StoredUpload {
        id: id.clone(),
        at: crate::clock::now(),
        login: account.login.clone(),
        filename: filename.to_string(),
        options,
        content: bytes,
    };
    state.store.save_register_upload(&upload).await?;
    Ok(id)
}

async fn load(state: &AppState, id: &str) -> Result<(StoredUpload, StoredOptions), AppError> {
    let upload = state
        .store
        .register_upload(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("upload `{id}`"), msg!(err_no_upload, id = id)))?;
    let options: StoredOptions = serde_json::from_str(&upload.options).unwrap_or_default();
    Ok((upload, options))
}

async fn evaluate(state: &AppState, id: &str) -> Result<(StoredUpload, Register, Plan), AppError> {
    let (upload, options) = load(state, id).await?;
    let register = read(state, &upload.filename, &upload.content, &options).await?;
    let existing = state.store.load_all().await?;
    let plan = super::plan(register.rows.clone(), &existing);
    Ok((upload, register, plan))
}

/// The dry run of a kept upload, against the store as it is now.
pub async fn preview(state: &AppState, id: &str) -> Result<RegisterPreview, AppError> {
    let (upload, register, plan) = evaluate(state, id).await?;
    Ok(super::preview(&upload.id, &upload.filename, &register, &plan))
}

/// Apply a kept upload: refused whole while any row is bad; then one transaction, the index and
/// open pages brought up to date, and the upload forgotten.
pub async fn apply(state: &AppState, account: &Account, id: &str, missing: MissingRule) -> Result<Applied, AppError> {
    let (upload, register, plan) = evaluate(state, id).await?;
    if !register.errors.is_empty() {
        return Err(AppError::bad_param(
            "file",
            msg!(err_bad_rows, n = register.errors.len(), rows = register.errors[0].to_string()),
        ));
    }
    let actor = Actor { user_id: Some(account.id), login: account.login.clone(), via: Via::Register.as_str() };
    let done = super::apply(&state.store, &plan, missing, &actor).await?;
    for fid in &done.ids {
        if let Some(f) = state.store.facility(fid).await? {
            state.index.upsert(f);
        }
        state.live.publish(&state.index, fid);
    }
    state.store.delete_register_upload(&upload.id).await?;
    tracing::info!(login = %account.login, file = %upload.filename, added = done.added, changed = done.changed,
        closed = done.closed, "register applied");
    Ok(done)
}

pub async fn discard(state: &AppState, id: &str) -> Result<(), AppError> {
    if !state.store.delete_register_upload(id).await? {
        return Err(AppError::not_found(format!("upload `{id}`"), msg!(err_no_upload, id = id)));
    }
    Ok(())
}
