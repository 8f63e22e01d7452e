//! `va-rollout-collector report --format json|html|markdown [--from T] [--to T] [--stage S]`
//! with `--db FILE` or `--clickhouse-url URL ...`: prints exactly what `GET /report.json`,
//! `/report` or `/report.md` answer for that window, from the same engine code.

use std::collections::HashMap;

use clap::{Args, ValueEnum};

use super::source::CommandEngine;
use super::{html, markdown, window};
use crate::error::ApiError;

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    Markdown,
}

#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: Format,
    /// Window start: Unix ms or YYYY-MM-DDTHH:MM:SSZ (default: the beginning).
    #[arg(long)]
    pub from: Option<String>,
    /// Window end (exclusive; default: the end of time).
    #[arg(long)]
    pub to: Option<String>,
    /// A label for the rollout stage, echoed in the report.
    #[arg(long)]
    pub stage: Option<String>,
    #[command(flatten)]
    pub engine: CommandEngine,
}

fn message(e: ApiError) -> String {
    match e {
        ApiError::Internal(detail) => detail,
        e => e.public_message(),
    }
}

/// The report text, or the error to print.
pub async fn text(args: ReportArgs) -> Result<String, String> {
    let params: HashMap<String, String> = [("from", &args.from), ("to", &args.to)]
        .into_iter()
        .chain([("stage", &args.stage)])
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect();
    let w = window(&params).map_err(message)?;
    let source = args.engine.metrics()?;
    let r = tokio::task::spawn_blocking(move || source.report(w))
        .await
        .map_err(|e| format!("report task: {e}"))?
        .map_err(message)?;
    Ok(match args.format {
        Format::Json => serde_json::to_string(&r).map_err(|e| format!("json: {e}"))?,
        Format::Html => html::render(&r),
        Format::Markdown => markdown::render(&r),
    })
}

/// Prints the report (no newline added: the bytes are the HTTP answer's); exit code 0, or 1
/// with the error on stderr.
pub async fn run(args: ReportArgs) -> i32 {
    use std::io::Write;
    match text(args).await {
        Ok(t) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(t.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: stdout: {e}");
                    1
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
