//! The collector's ClickHouse client over real HTTP against ClickHouse's interface served by
//! tests/clickhouse/chdb_http_shim.py over chdb (the real engine).

mod chdb;

use std::time::{Duration, Instant};

use va_rollout_collector::clickhouse::client::{get_str, get_u64};
use va_rollout_collector::clickhouse::{ClickHouseError, Client, Config};

fn client(url: &str, table: &str, timeout: Duration) -> Client {
    let mut c = Config::with_credentials(
        url,
        "default",
        table,
        Some(chdb::USER.into()),
        Some(chdb::PASSWORD.into()),
    )
    .expect("config");
    c.timeout = timeout;
    Client::new(c).expect("client")
}

#[tokio::test]
async fn query_error_slow_and_wrong_table_against_the_engine() {
    let Some(py) = chdb::python() else { return };
    let shim = chdb::Shim::start(&py, true);
    let ok = client(&shim.url, "otel_logs", Duration::from_secs(20));

    // A query: rows parsed, 64-bit counts as numbers.
    let rows = ok
        .query("SELECT number AS n, toString(number * 2) AS s FROM system.numbers LIMIT 3")
        .await
        .expect("query");
    assert_eq!(rows.len(), 3);
    assert_eq!(get_u64(&rows[2], "n"), 2);
    assert_eq!(get_str(&rows[2], "s"), "4");

    // The DDL's table is the exporter's.
    ok.check_table()
        .await
        .expect("otel_logs has the exporter's columns");

    // A query error: X-ClickHouse-Exception-Code with the engine's code and message.
    match ok.query("SELECT throwIf(1, 'boom')").await {
        Err(ClickHouseError::Query { code, message }) => {
            assert_eq!(code, 395, "{message}");
            assert!(message.contains("boom"), "{message}");
        }
        other => panic!("expected a query error, got {other:?}"),
    }
    match ok.query("SELEC 1").await {
        Err(ClickHouseError::Query { code: 62, .. }) => {}
        other => panic!("expected a syntax error, got {other:?}"),
    }

    // A wrong table: absent, or without the exporter's columns.
    let missing = client(&shim.url, "no_such_table", Duration::from_secs(20));
    match missing.check_table().await {
        Err(ClickHouseError::WrongTable { table, .. }) => assert!(table.contains("no_such_table")),
        other => panic!("expected a wrong table, got {other:?}"),
    }
    match missing
        .query("SELECT count() FROM `default`.`no_such_table`")
        .await
    {
        Err(ClickHouseError::WrongTable { message, .. }) => assert!(message.contains("Code: 60")),
        other => panic!("expected UNKNOWN_TABLE, got {other:?}"),
    }
    ok.query("CREATE TABLE `default`.`not_logs` (x UInt8) ENGINE = MergeTree ORDER BY x")
        .await
        .expect("create");
    let other = client(&shim.url, "not_logs", Duration::from_secs(20));
    match other.check_table().await {
        Err(ClickHouseError::WrongTable { message, .. }) => {
            assert!(message.contains("Timestamp"), "{message}")
        }
        other => panic!("expected missing columns, got {other:?}"),
    }

    // Wrong credentials.
    let mut bad = ok.config().clone();
    bad.password = Some("wrong".into());
    match Client::new(bad).unwrap().query("SELECT 1").await {
        Err(ClickHouseError::Auth { code: 516, .. }) => {}
        other => panic!("expected an auth error, got {other:?}"),
    }

    // A slow answer: the engine sleeps 2 s, the client gives up after 500 ms.
    let impatient = client(&shim.url, "otel_logs", Duration::from_millis(500));
    let started = Instant::now();
    match impatient.query("SELECT sleep(2)").await {
        Err(e @ ClickHouseError::Timeout { .. }) => {
            assert!(
                e.to_string().contains("did not answer within 500 ms"),
                "{e}"
            )
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(1900));
}

#[tokio::test]
async fn unreachable_server_is_a_clear_error() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = client(
        &format!("http://127.0.0.1:{port}"),
        "otel_logs",
        Duration::from_secs(5),
    );
    match c.query("SELECT 1").await {
        Err(e @ ClickHouseError::Unreachable { .. }) => {
            assert!(e.to_string().contains("unreachable"), "{e}")
        }
        other => panic!("expected unreachable, got {other:?}"),
    }
}

/// `https://` goes through TLS (rustls, compiled in): a server that answers in plain HTTP
/// fails the handshake, a clear "unreachable" naming the TLS error, never a plain-text query.
#[tokio::test]
async fn an_https_url_speaks_tls() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut first = [0u8; 1];
        let n = s.read(&mut first).unwrap_or(0);
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        (n, first[0])
    });
    let c = client(
        &format!("https://127.0.0.1:{port}"),
        "otel_logs",
        Duration::from_secs(5),
    );
    match c.query("SELECT 1").await {
        Err(e @ ClickHouseError::Unreachable { .. }) => {
            let m = e.to_string();
            assert!(m.contains(&format!("https://127.0.0.1:{port}")), "{m}");
            assert!(
                m.to_lowercase().contains("corrupt message"),
                "a TLS error: {m}"
            );
        }
        other => panic!("expected a TLS failure, got {other:?}"),
    }
    // The client opened with a TLS ClientHello (record type 0x16), not an HTTP request.
    assert_eq!(server.join().expect("server"), (1, 0x16));
}
