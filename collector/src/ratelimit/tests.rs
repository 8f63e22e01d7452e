use super::*;
use std::time::Duration;

#[test]
fn burst_then_refill() {
    let rl = RateLimiter::new(2.0, 3.0, true);
    let ip: IpAddr = "127.0.0.1".parse().expect("ip");
    let t0 = Instant::now();
    for _ in 0..3 {
        assert!(rl.check_at(ip, t0).is_ok());
    }
    assert_eq!(rl.check_at(ip, t0), Err(1));
    assert!(rl.check_at(ip, t0 + Duration::from_millis(500)).is_ok());
    assert!(rl.check_at(ip, t0 + Duration::from_millis(500)).is_err());
    let other: IpAddr = "127.0.0.2".parse().expect("ip");
    assert!(rl.check_at(other, t0).is_ok());
}

#[test]
fn loopback_exempt_unless_asked() {
    let rl = RateLimiter::new(1.0, 1.0, false);
    let t0 = Instant::now();
    let lo: IpAddr = "127.0.0.1".parse().expect("ip");
    assert!((0..10).all(|_| rl.check_at(lo, t0).is_ok()));
    let remote: IpAddr = "192.0.2.7".parse().expect("ip");
    assert!(rl.check_at(remote, t0).is_ok());
    assert!(rl.check_at(remote, t0).is_err());
}

#[test]
fn disabled_when_rate_zero() {
    let rl = RateLimiter::new(0.0, 1.0, true);
    let ip: IpAddr = "::1".parse().expect("ip");
    let t0 = Instant::now();
    for _ in 0..1000 {
        assert!(rl.check_at(ip, t0).is_ok());
    }
}
