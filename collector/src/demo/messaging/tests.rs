use super::*;

#[test]
fn messages_need_a_recipient_subject_and_body() {
    let ok = validate(
        br#"{"recipient_id":"9831001","category":"OTHER","subject":"Hi","body":"Refill"}"#,
        false,
    );
    assert_eq!(
        ok,
        Ok(Accepted {
            recipient_id: "9831001".into(),
            category: "OTHER".into()
        })
    );
    assert_eq!(
        validate(br#"{"recipient_id":42,"subject":"s","body":"b"}"#, false).map(|a| a.recipient_id),
        Ok("42".into())
    );
    assert!(validate(br#"{"subject":"s","body":"b"}"#, false).is_err());
    assert!(validate(br#"{"recipient_id":"1","subject":" ","body":"b"}"#, false).is_err());
    assert!(validate(br#"{"recipient_id":"1","subject":"s","body":""}"#, false).is_err());
    assert!(validate(b"not json", false).is_err());
    let long = format!(
        r#"{{"recipient_id":"1","subject":"{}","body":"b"}}"#,
        "x".repeat(MAX_SUBJECT_CHARS + 1)
    );
    assert!(validate(long.as_bytes(), false).is_err());
}

#[test]
fn drafts_may_be_blank() {
    assert!(validate(br#"{"recipient_id":"1","subject":"","body":""}"#, true).is_ok());
    assert_eq!(
        validate(br#"{"recipient_id":"1"}"#, true).map(|a| a.category),
        Ok("OTHER".into())
    );
    assert!(validate(br#"{"recipient_id":""}"#, true).is_err());
}
