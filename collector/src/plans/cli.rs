//! `va-rollout-collector plan validate|dry-run|check|apply|status|results|start|approve|pause|
//! resume|advance|rollback|kill`: files are checked locally, `check` reads a report engine
//! (`--db` or `--clickhouse-url`, as `report` does); the rest talk to a running collector.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::Value;

use super::check::{self, CheckArgs};
use super::{dryrun, validate};
use crate::util::now_ms;

#[derive(Subcommand, Debug, Clone)]
pub enum PlanCommand {
    /// Check plan files; every problem is printed with its location.
    Validate { files: Vec<PathBuf> },
    /// Print the schedule a plan would follow (nothing is changed anywhere).
    DryRun { file: PathBuf },
    /// Evaluate a stage's guardrails now on a report engine (--db FILE or --clickhouse-url
    /// URL ...) as the running collector would; nothing is changed. Exit 1 when the engine
    /// cannot answer (the plan would hold).
    Check(CheckArgs),
    /// Store (or replace) a plan in a running collector.
    Apply {
        file: PathBuf,
        #[command(flatten)]
        remote: Remote,
    },
    /// A plan's state, criteria, next action and audit trail.
    Status {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    /// The Results blocks of every stage, as Markdown.
    Results {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Start {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Approve {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Pause {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Resume {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Advance {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Rollback {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
    Kill {
        id: String,
        #[command(flatten)]
        remote: Remote,
    },
}

#[derive(Args, Debug, Clone)]
pub struct Remote {
    /// The collector's base URL.
    #[arg(
        long,
        env = "VA_ROLLOUT_COLLECTOR_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub url: String,
    /// The collector's admin token.
    #[arg(long, env = "VA_ROLLOUT_ADMIN_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Your name in the audit trail.
    #[arg(long = "as", default_value = "cli")]
    pub actor: String,
}

fn read(file: &PathBuf) -> Result<String, String> {
    let meta = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if meta.len() > super::format::MAX_PLAN_BYTES as u64 {
        return Err(format!(
            "{}: larger than {} bytes",
            file.display(),
            super::format::MAX_PLAN_BYTES
        ));
    }
    std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))
}

/// Runs a plan command; returns the exit code (0 ok, 1 refused or failed, 2 bad usage).
pub async fn run(cmd: PlanCommand) -> i32 {
    if let PlanCommand::Check(a) = cmd {
        return run_check(a).await;
    }
    match exec(cmd).await {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// `plan check`: the evaluation on stdout; when the engine cannot answer, also its message on
/// stderr and exit code 1.
async fn run_check(a: CheckArgs) -> i32 {
    let prepared = read(&a.file)
        .and_then(|t| validate::load(&t).map_err(|ps| problems_text(&a.file, &ps)))
        .and_then(|plan| {
            let (stage, since, at) = check::resolve(&plan, &a)?;
            let m = a.engine.metrics()?;
            Ok((plan, stage, since, at, m))
        });
    let (plan, stage, since, at, m) = match prepared {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let done =
        tokio::task::spawn_blocking(move || check::evaluate(&plan, stage, since, at, m.as_ref()))
            .await;
    match done {
        Ok((text, Ok(()))) => {
            print!("{text}");
            0
        }
        Ok((text, Err(e))) => {
            print!("{text}");
            eprintln!("error: the guardrails could not be read (a running plan holds): {e}");
            1
        }
        Err(e) => {
            eprintln!("plan check: {e}");
            1
        }
    }
}

async fn exec(cmd: PlanCommand) -> Result<String, String> {
    use PlanCommand as P;
    let (id, remote, action) = match cmd {
        P::Validate { files } => return validate_files(&files),
        P::Check(_) => return Err("plan check runs through run_check".into()),
        P::DryRun { file } => {
            let plan = validate::load(&read(&file)?).map_err(|ps| problems_text(&file, &ps))?;
            return Ok(dryrun::schedule_text(&plan, now_ms()));
        }
        P::Apply { file, remote } => {
            let text = read(&file)?;
            let v = call(&remote, reqwest::Method::POST, "/plans", Some(text)).await?;
            return Ok(format!(
                "stored plan {} (hash {})\n",
                v["id"].as_str().unwrap_or("?"),
                v["hash"].as_str().unwrap_or("?")
            ));
        }
        P::Status { id, remote } => (id, remote, None),
        P::Results { id, remote } => {
            let v = call(
                &remote,
                reqwest::Method::GET,
                &format!("/plans/{id}/results.md"),
                None,
            )
            .await?;
            return Ok(v.as_str().unwrap_or_default().to_string());
        }
        P::Start { id, remote } => (id, remote, Some("start")),
        P::Approve { id, remote } => (id, remote, Some("approve")),
        P::Pause { id, remote } => (id, remote, Some("pause")),
        P::Resume { id, remote } => (id, remote, Some("resume")),
        P::Advance { id, remote } => (id, remote, Some("advance")),
        P::Rollback { id, remote } => (id, remote, Some("rollback")),
        P::Kill { id, remote } => (id, remote, Some("kill")),
    };
    if let Some(a) = action {
        call(
            &remote,
            reqwest::Method::POST,
            &format!("/plans/{id}/{a}"),
            None,
        )
        .await?;
    }
    let v = call(&remote, reqwest::Method::GET, &format!("/plans/{id}"), None).await?;
    Ok(super::status_text::render(&v))
}

fn problems_text(file: &std::path::Path, ps: &[super::format::Problem]) -> String {
    let mut out = format!("{}: {} problem(s)\n", file.display(), ps.len());
    for p in ps {
        out.push_str(&format!("  {p}\n"));
    }
    out
}

fn validate_files(files: &[PathBuf]) -> Result<String, String> {
    if files.is_empty() {
        return Err("plan validate: name at least one plan file".into());
    }
    let (mut ok, mut bad) = (String::new(), String::new());
    for f in files {
        match read(f)
            .map_err(|e| {
                vec![super::format::Problem {
                    path: "(file)".into(),
                    message: e,
                }]
            })
            .and_then(|t| validate::load(&t))
        {
            Ok(p) => ok.push_str(&format!(
                "{}: ok — plan {}, {} stages, {} criteria, {} toggles\n",
                f.display(),
                p.id,
                p.stages.len(),
                p.criteria.len(),
                p.toggles.len()
            )),
            Err(ps) => bad.push_str(&problems_text(f, &ps)),
        }
    }
    if bad.is_empty() {
        Ok(ok)
    } else {
        Err(format!("{ok}{bad}"))
    }
}

async fn call(
    r: &Remote,
    method: reqwest::Method,
    path: &str,
    body: Option<String>,
) -> Result<Value, String> {
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let url = format!("{}{path}", r.url.trim_end_matches('/'));
    let mut req = http
        .request(method, &url)
        .header(super::api::ACTOR_HEADER, &r.actor);
    if let Some(t) = &r.token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.header("content-type", "application/yaml").body(b);
    }
    let resp = req.send().await.map_err(|e| format!("{url}: {e}"))?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::String(text.clone()));
    if status.is_success() {
        return Ok(v);
    }
    let mut msg = format!(
        "{url}: {} {}",
        status.as_u16(),
        v["error"]["message"].as_str().unwrap_or(&text)
    );
    for p in v["problems"].as_array().into_iter().flatten() {
        msg.push_str(&format!(
            "\n  {}: {}",
            p["path"].as_str().unwrap_or(""),
            p["message"].as_str().unwrap_or("")
        ));
    }
    Err(msg)
}
