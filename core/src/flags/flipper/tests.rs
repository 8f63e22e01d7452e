use super::*;

#[test]
fn typecast_to_number_follows_ruby() {
    let n = |s: &str| GateNumber::Text(s.into()).to_number();
    assert_eq!(n("25"), Number::Int(25));
    assert_eq!(n("12.345"), Number::Float(12.345));
    assert_eq!(n("abc"), Number::Int(0));
    assert_eq!(n("abc.d"), Number::Float(0.0));
    assert_eq!(n(" 25abc"), Number::Int(25));
    assert_eq!(n("1_000"), Number::Int(1000));
    assert_eq!(n("1e2"), Number::Int(1));
    assert_eq!(n("1.5e1"), Number::Float(15.0));
    assert_eq!(n("-0.5"), Number::Float(-0.5));
    assert_eq!(n(".5"), Number::Float(0.5));
    assert_eq!(n("1."), Number::Float(1.0));
    assert_eq!(n("99999999999999999999999"), Number::Int(i64::MAX));
    assert_eq!(GateNumber::Null.to_number(), Number::Int(0));
    assert_eq!(GateNumber::Float(25.0).to_number(), Number::Float(25.0));
}

#[test]
fn fully_off_means_no_gate_set() {
    let mut g = Gates::default();
    assert!(g.fully_off());
    g.percentage_of_actors = GateNumber::Text("0".into());
    assert!(g.fully_off());
    g.percentage_of_actors = GateNumber::Text("0.001".into());
    assert!(!g.fully_off());
    let g = Gates {
        expression: true,
        ..Gates::default()
    };
    assert!(!g.fully_off());
}
