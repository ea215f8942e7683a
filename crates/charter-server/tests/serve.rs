//! A service on a real socket: a stop finishes the requests in flight and refuses new
//! connections; bodies streamed in chunks are held to the limit too.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use charter_server::RateLimit;
use support::*;
use tokio::net::TcpListener;

/// Sends `request` as is and reads the whole answer, off the async runtime.
async fn exchange(address: SocketAddr, request: String) -> String {
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    })
    .await
    .unwrap()
}

async fn start(
    service: &Service,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<std::io::Result<()>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(charter_server::serve(listener, service.router.clone(), async {
        let _ = stopped.await;
    }));
    (address, stop, served)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_finishes_requests_in_flight_and_refuses_new_connections() {
    let service = Service::start();
    let (address, stop, served) = start(&service).await;
    let token = service.token("ada", &[READ]);
    let waiting = service.state.waiting.notified();
    let in_flight = tokio::spawn(exchange(
        address,
        format!(
            "GET /v1/wait HTTP/1.1\r\nHost: notes\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    ));
    tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("the request reached its handler");

    stop.send(()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(address).is_ok() {
        assert!(Instant::now() < deadline, "new connections are still accepted after the stop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!served.is_finished(), "the server waits for the request in flight");

    service.state.release.notify_one();
    let answer = tokio::time::timeout(Duration::from_secs(10), in_flight).await.unwrap().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.ends_with(r#"{"id":0,"text":"waited","tags":[]}"#), "{answer}");
    tokio::time::timeout(Duration::from_secs(10), served).await.unwrap().unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_body_past_the_limit_is_refused() {
    let service = Service::with(routes().body_limit(32), RateLimit::default());
    let (address, _stop, _served) = start(&service).await;
    let token = service.token("ada", &[WRITE]);
    let chunk = "x".repeat(20);
    let answer = exchange(
        address,
        format!(
            "POST /v1/notes HTTP/1.1\r\nHost: notes\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
             14\r\n{chunk}\r\n14\r\n{chunk}\r\n0\r\n\r\n"
        ),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400 Bad Request"), "{answer}");
    assert!(answer.contains("the request body is larger than the limit of 32 bytes"), "{answer}");
}
