//! Writing a register's plan: every added, changed and (by choice) closed facility, with one audit
//! line per changed field, in one transaction.

use super::diff::Plan;
use crate::model::{Facility, FacilityStatus, MissingRule, ServiceKind};
use crate::ssr::store::{Actor, AuditRecord, Store};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub added: usize,
    pub changed: usize,
    pub closed: usize,
    /// Every facility written, so the caller can refresh its index.
    pub ids: Vec<String>,
}

/// `maximum` of `day_care.maximum` is a capacity field of a service; other names are facility fields.
fn audit_field(field: &str) -> (Option<ServiceKind>, String) {
    match field.split_once('.') {
        Some((service, what)) => match ServiceKind::parse(service) {
            Some(s) => (Some(s), what.to_string()),
            None => (None, field.to_string()),
        },
        None => (None, field.to_string()),
    }
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

pub async fn apply(store: &Store, plan: &Plan, missing: MissingRule, actor: &Actor) -> Result<Applied, sqlx::Error> {
    let mut write: Vec<Facility> = Vec::new();
    let mut audit: Vec<AuditRecord> = Vec::new();
    for (_, f) in &plan.added {
        audit.push(AuditRecord {
            facility_id: f.id.clone(),
            service: None,
            field: "created".into(),
            old: None,
            new: Some(f.name.clone()),
        });
        write.push(f.clone());
    }
    for (_, f, changes) in &plan.changed {
        for c in changes {
            let (service, field) = audit_field(&c.field);
            audit.push(AuditRecord { facility_id: f.id.clone(), service, field, old: some(&c.old), new: some(&c.new) });
        }
        write.push(f.clone());
    }
    let mut closed = 0;
    if missing == MissingRule::Close {
        for f in &plan.missing {
            audit.push(AuditRecord {
                facility_id: f.id.clone(),
                service: None,
                field: "status".into(),
                old: Some(f.status.as_str().into()),
                new: Some(FacilityStatus::Closed.as_str().into()),
            });
            write.push(Facility { status: FacilityStatus::Closed, ..f.clone() });
            closed += 1;
        }
    }
    if !write.is_empty() {
        store.write_facilities(&write, &audit, Some(actor)).await?;
    }
    Ok(Applied {
        added: plan.added.len(),
        changed: plan.changed.len(),
        closed,
        ids: write.into_iter().map(|f| f.id).collect(),
    })
}
