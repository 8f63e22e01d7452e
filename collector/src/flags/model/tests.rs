use super::*;

#[test]
fn states_follow_flipper() {
    let mut f = StoredFeature::new("f");
    assert_eq!(f.state(), "off");
    f.apply(GateEdit::PercentageOfActors("0".into()))
        .expect("ok");
    assert_eq!(f.state(), "off");
    f.apply(GateEdit::PercentageOfActors("0.5".into()))
        .expect("ok");
    assert_eq!(f.state(), "conditional");
    f.apply(GateEdit::PercentageOfTime("100".into()))
        .expect("ok");
    assert_eq!(f.state(), "on");
    f.apply(GateEdit::DisableBoolean).expect("ok");
    assert_eq!(f, StoredFeature::new("f"));
    f.apply(GateEdit::AddGroup("beta".into())).expect("ok");
    assert_eq!(f.state(), "conditional");
    f.apply(GateEdit::EnableBoolean).expect("ok");
    assert_eq!(f.state(), "on");
}

#[test]
fn disable_keeps_vets_api_config() {
    let mut f = StoredFeature::new("f");
    f.actor_type = ActorType::CookieId;
    f.description = Some("d".into());
    f.apply(GateEdit::AddActor("a@b.c".into())).expect("ok");
    f.apply(GateEdit::DisableBoolean).expect("ok");
    assert!(f.actors.is_empty());
    assert_eq!(f.actor_type, ActorType::CookieId);
    assert_eq!(f.description.as_deref(), Some("d"));
}

#[test]
fn decorator_shape() {
    let mut f = StoredFeature::new("my_feature");
    f.apply(GateEdit::AddActor("10".into())).expect("ok");
    f.apply(GateEdit::PercentageOfActors("0.05".into()))
        .expect("ok");
    let v = f.decorate(false, false);
    assert_eq!(
        v,
        json!({"key":"my_feature","state":"conditional","gates":[
            {"key":"boolean","name":"boolean","value":null},
            {"key":"expression","name":"expression","value":null},
            {"key":"actors","name":"actor","value":["10"]},
            {"key":"percentage_of_actors","name":"percentage_of_actors","value":"0.05"},
            {"key":"percentage_of_time","name":"percentage_of_time","value":null},
            {"key":"groups","name":"group","value":[]}]})
    );
    assert_eq!(
        f.decorate(true, false),
        json!({"key":"my_feature","state":"conditional"})
    );
    let no_names = f.decorate(false, true);
    assert!(no_names["gates"][0].get("name").is_none());
}

#[test]
fn decorated_round_trip() {
    let mut f = StoredFeature::new("x");
    f.apply(GateEdit::EnableBoolean).expect("ok");
    f.apply(GateEdit::AddGroup("g".into())).expect("ok");
    f.apply(GateEdit::PercentageOfTime("12".into()))
        .expect("ok");
    f.actor_type = ActorType::CookieId;
    let mut v = f.decorate(false, false);
    v["actor_type"] = json!("cookie_id");
    assert_eq!(StoredFeature::from_decorated(&v), Ok(f));
}

#[test]
fn percentages_validated() {
    assert_eq!(normalize_percentage(&json!("25")), Ok("25".into()));
    assert_eq!(normalize_percentage(&json!(0.5)), Ok("0.5".into()));
    assert!(normalize_percentage(&json!("101")).is_err());
    assert!(normalize_percentage(&json!("-1")).is_err());
    assert!(normalize_percentage(&json!("abc")).is_err());
    assert!(normalize_percentage(&json!("NaN")).is_err());
    assert!(normalize_percentage(&json!(true)).is_err());
}

#[test]
fn document_errors() {
    assert!(parse_document(&json!({})).is_err());
    assert!(parse_document(&json!({"features":[{"key":""}]})).is_err());
    assert!(
        parse_document(&json!({"features":[{"key":"a","gates":[{"key":"bogus","value":1}]}]}))
            .is_err()
    );
    assert!(parse_document(&json!({"features":[{"key":"a","actor_type":"robot"}]})).is_err());
    let ok = parse_document(
        &json!({"features":[{"key":"a"},{"key":"b","gates":[{"key":"actors","value":["u1"]}]}]}),
    )
    .expect("ok");
    assert_eq!(ok.len(), 2);
    assert!(ok[1].actors.contains("u1"));
}

#[test]
fn names_validated() {
    let mut f = StoredFeature::new("f");
    assert_eq!(
        f.apply(GateEdit::AddActor(String::new())),
        Err(GateError::BadName)
    );
    assert_eq!(
        f.apply(GateEdit::AddGroup("a\nb".into())),
        Err(GateError::BadName)
    );
}
