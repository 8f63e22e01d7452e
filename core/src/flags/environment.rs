//! Where the page runs. Decides whether QA overrides are allowed; unknown hosts fail closed.

use core::fmt;

#[cfg(feature = "serde")]
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "lowercase"))]
pub enum Environment {
    Production,
    Staging,
    Development,
    Localhost,
}

/// An `environment` configuration value that is not one of the four names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnvironment(pub String);

impl UnknownEnvironment {
    /// The `Display` text, without `core::fmt`.
    pub fn message(&self) -> String {
        let mut m = String::from("va-rollout: unknown environment ");
        crate::json::read::fields::debug_str(&mut m, &self.0);
        m.push_str("; expected 'production', 'staging', 'development' or 'localhost'");
        m
    }
}

impl fmt::Display for UnknownEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for UnknownEnvironment {}

impl Environment {
    /// From `location.hostname`. Anything not recognised is `Production` (fail closed).
    pub fn from_hostname(host: &str) -> Environment {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        match host.as_str() {
            "localhost" | "127.0.0.1" | "[::1]" | "::1" => Environment::Localhost,
            "staging.va.gov" => Environment::Staging,
            "dev.va.gov" => Environment::Development,
            _ => Environment::Production,
        }
    }

    /// The configuration value: `production` | `staging` | `development` | `localhost`.
    pub fn parse(value: &str) -> Result<Environment, UnknownEnvironment> {
        match value {
            "production" => Ok(Environment::Production),
            "staging" => Ok(Environment::Staging),
            "development" => Ok(Environment::Development),
            "localhost" => Ok(Environment::Localhost),
            other => Err(UnknownEnvironment(other.to_owned())),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Staging => "staging",
            Environment::Development => "development",
            Environment::Localhost => "localhost",
        }
    }

    /// QA overrides are refused only in production.
    pub fn allows_overrides(self) -> bool {
        self != Environment::Production
    }
}

#[cfg(test)]
mod tests;
