fn main() { println!("va-rollout-collector: not built yet"); }
