use super::*;
use crate::ingest::admission::{Admission, Limits};
use crate::ingest::row::EventFields;

fn row(id: &str) -> EventRow {
    EventRow {
        event_id: id.into(),
        time_ns: 1,
        fields: EventFields {
            event_name: "va_rollout.click".into(),
            ..EventFields::default()
        },
        service: None,
        flag_context: "{}".into(),
        attributes: "{}".into(),
        elided: 0,
        received_at_ms: 1,
    }
}

fn reservation(a: &std::sync::Arc<Admission>, events: usize) -> Reservation {
    a.enter()
        .ok()
        .and_then(|e| e.reserve(events, 1).ok())
        .expect("room")
}

fn stored(db: &Path) -> i64 {
    let conn = Connection::open(db).expect("open");
    let counted = crate::store::events::count(&conn).expect("count");
    let numbered = crate::store::events::stored_rows(&conn).expect("stored rows");
    assert_eq!(
        numbered, counted,
        "/healthz's row-id count agrees with COUNT(*)"
    );
    counted
}

#[tokio::test]
async fn each_durability_acknowledges_committed_rows_once() {
    for durability in [Durability::Full, Durability::Normal] {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("w.db");
        store::init(&db).expect("init");
        let a = Admission::new(Limits::default());
        let (queue, handle) = spawn(&db, 8, durability).expect("spawn");
        let first = queue
            .submit(vec![row("a"), row("b")], reservation(&a, 2))
            .expect("queued");
        let again = queue
            .submit(vec![row("b"), row("c")], reservation(&a, 2))
            .expect("queued");
        assert_eq!(first.await.expect("answer"), Ok(2), "{durability:?}");
        assert_eq!(again.await.expect("answer"), Ok(1), "b is a duplicate");
        assert_eq!(a.snapshot().queued_events, 0, "room given back");
        drop(queue);
        tokio::task::spawn_blocking(move || handle.join())
            .await
            .expect("join")
            .expect("writer stopped cleanly");
        assert_eq!(stored(&db), 3);
    }
}

#[tokio::test]
async fn a_failed_sync_answers_an_error_not_an_ack() {
    let a = Admission::new(Limits::default());
    let (ack, done) = oneshot::channel();
    let job = Job {
        rows: vec![row("x")],
        ack,
        reservation: reservation(&a, 1),
    };
    let (to_sync, synced) = std_mpsc::channel();
    to_sync.send(Committed(vec![(job, 1)])).expect("send");
    drop(to_sync);
    let missing = Some(PathBuf::from("/nonexistent-dir/collector.db-wal"));
    tokio::task::spawn_blocking(move || sync_loop(missing, synced))
        .await
        .expect("ran");
    assert_eq!(done.await.expect("answer"), Err("storage error".into()));
    assert_eq!(a.snapshot().queued_events, 0);
}
