//! Release plans as code: a plan file (YAML or JSON) of toggles, stages and guardrails, run by the
//! collector. Pure parts: `format`, `validate`, `lockstep`, `criteria`, `schedule`, `runner`.
//! Shell: `store` (SQLite), `metrics` (the one trait over the event store), `flipper` (every
//! toggle change through a Flipper API), `notify`, `engine` (the loop), `api`, `cli`, `page`.
//! Reference: docs/plans.md.

pub mod api;
pub mod check;
pub mod cli;
pub mod commands;
pub mod criteria;
pub mod dryrun;
pub mod duration;
pub mod engine;
pub mod flipper;
pub mod format;
pub mod guardrails;
pub mod history;
pub mod lockstep;
pub mod metrics;
pub mod notify;
pub mod page;
pub mod results;
pub mod runner;
pub mod schedule;
pub mod state;
pub mod status;
pub mod status_text;
pub mod store;
pub mod validate;
