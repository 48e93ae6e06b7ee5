use leptos::prelude::*;

use crate::error::AppError;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let text = match &error {
        AppError::BadRequest { field, message } => format!("查询条件有误（{field}）：{message}"),
        AppError::NotFound { .. } => "没有找到这个机构，可能已被删除。".to_string(),
        AppError::Network { .. } => "网络不通，请稍后再试。".to_string(),
        other => other.to_string(),
    };
    view! { <p class="notice error" role="alert">{text}</p> }
}
