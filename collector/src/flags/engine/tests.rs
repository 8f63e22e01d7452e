use super::*;
use crate::flags::model::GateEdit;

#[test]
fn round_trip_through_engine_model() {
    let mut f = StoredFeature::new("f");
    f.apply(GateEdit::AddActor("a@b.c".into())).expect("ok");
    f.apply(GateEdit::PercentageOfActors("12.5".into()))
        .expect("ok");
    f.apply(GateEdit::AddGroup("beta".into())).expect("ok");
    let back = StoredFeature::from_engine(&f.to_engine());
    assert_eq!(back, f);
}

#[test]
fn seed_reads_extras() {
    let doc = br#"{"features":[{"key":"a","state":"on","actor_type":"cookie_id","description":"d","gates":[{"key":"boolean","name":"boolean","value":"true"}]},{"key":"b","gates":[]}]}"#;
    let seeded = parse_seed(doc).expect("parses");
    assert_eq!(names(&seeded), ["a", "b"].into_iter().collect());
    let a = seeded.iter().find(|f| f.key == "a").expect("a");
    assert!(a.boolean);
    assert_eq!(a.actor_type, ActorType::CookieId);
    assert!(parse_seed(br#"{"data":{"type":"feature_toggles","features":[]}}"#).is_err());
    assert!(parse_seed(b"nope").is_err());
}

#[test]
fn actor_selection() {
    let mut f = StoredFeature::new("f");
    f.apply(GateEdit::AddActor("".into())).ok();
    f.apply(GateEdit::AddActor("cookie-1".into())).expect("ok");
    f.apply(GateEdit::AddActor("vet@example.com".into()))
        .expect("ok");
    let cookie = Requester {
        cookie_id: Some("cookie-1".into()),
        ..Default::default()
    };
    assert!(evaluate_for(&f, ActorType::CookieId, &cookie, 0.5).value);
    assert!(
        !evaluate_for(&f, ActorType::User, &cookie, 0.5).value,
        "logged out: no actor"
    );
    let user = Requester {
        user: Some("vet@example.com".into()),
        ..Default::default()
    };
    assert!(evaluate_for(&f, ActorType::User, &user, 0.5).value);
    assert!(
        !evaluate_for(&f, ActorType::CookieId, &user, 0.5).value,
        "cookie flag ignores the user"
    );
}
