//! `WasmRollout.begin(config)`: `Rollout.start` as a job of stages, one call each, so the JS shell
//! can run each stage in a task of its own when the core joins (pkg-template/src/shell.js): no
//! single task then compiles (V8 compiles wasm functions lazily, on the main thread, on their
//! first call) and runs the whole start. The stages are those of [`super::start::start`], in its
//! order; the result is the same `WasmRollout`.

use wasm_bindgen::prelude::*;

use super::runtime::Runtime;
use super::start::{self, Read, Stored, Valid};
use super::WasmRollout;

// One job per start, held once: boxing the large stages would only add allocations.
#[allow(clippy::large_enum_variant)]
enum Stage {
    Read(Read),
    Valid(Valid),
    Stored(Stored),
    Layered(Stored),
    Built(Runtime),
    Done,
}

#[wasm_bindgen]
pub struct StartJob {
    stage: Stage,
}

#[wasm_bindgen]
impl StartJob {
    /// Runs the next stage (validation, the flag store, its stored layers, the runtime); `false` when only
    /// `finish()` is left. Throws the `VaRolloutConfigError` that `start` would throw.
    pub fn step(&mut self) -> Result<bool, JsValue> {
        self.stage = match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Read(r) => Stage::Valid(start::validate(r)?),
            Stage::Valid(v) => Stage::Stored(start::store(v)),
            Stage::Stored(mut s) => {
                start::layers(&mut s);
                Stage::Layered(s)
            }
            Stage::Layered(s) => Stage::Built(start::runtime(s)),
            other => {
                self.stage = other;
                return Ok(false);
            }
        };
        Ok(true)
    }

    /// The started `WasmRollout` (any stage not yet run runs now); throws when a stage failed or
    /// the job has finished already.
    pub fn finish(&mut self) -> Result<WasmRollout, JsValue> {
        while self.step()? {}
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Built(rt) => Ok(start::live(rt)),
            _ => Err(JsValue::from_str("va-rollout: this start job has finished")),
        }
    }
}

/// Stage 1 (`WasmRollout.begin`): the configuration read.
pub fn begin(config: JsValue) -> Result<StartJob, JsValue> {
    Ok(StartJob {
        stage: Stage::Read(start::read(config)?),
    })
}
