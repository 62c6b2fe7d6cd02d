//! Several app nodes on one PostgreSQL (issue 15): each node tells the others over
//! `LISTEN`/`NOTIFY` that a meeting changed (their live pages update) and that their caches of
//! public pages are out of date. One thread per node holds the listening connection, publishes
//! this node's changes from a queue (handlers never wait for it) and delivers the others'.
//! SQLite is one node: there is no thread and nothing is sent.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use justera_domain::ids::MeetingId;
use justera_store::notify::Listener;
use justera_store::{DatabaseUrl, StoreError};

use crate::state::AppState;

/// How often the thread looks for the others' changes while it has nothing to send.
const POLL: Duration = Duration::from_millis(50);
/// How often an idle listening connection is checked.
const CHECK: Duration = Duration::from_secs(5);
/// The wait before connecting again after the connection was lost.
const RECONNECT: Duration = Duration::from_secs(1);
/// The most changes waiting to be sent; beyond that the oldest are not worth sending one by
/// one: the node sends one "forget everything" instead.
const QUEUE: usize = 10_000;

/// What one node tells the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A meeting changed (from the page `origin`, if a page said who it is).
    Meeting {
        meeting: MeetingId,
        origin: Option<String>,
    },
    /// Cached public pages are out of date.
    Forget,
}

impl Message {
    /// `m <node> <meeting> [<origin>]` or `f <node>`.
    fn encode(&self, node: &str) -> String {
        match self {
            Self::Meeting { meeting, origin } => match origin {
                Some(o) => format!("m {node} {meeting} {o}"),
                None => format!("m {node} {meeting}"),
            },
            Self::Forget => format!("f {node}"),
        }
    }

    /// The message and the node that sent it; `None` for anything else on the channel.
    fn decode(payload: &str) -> Option<(String, Self)> {
        let mut parts = payload.split(' ');
        let kind = parts.next()?;
        let node = parts.next()?.to_owned();
        let message = match kind {
            "m" => Self::Meeting {
                meeting: parts.next()?.parse().ok()?,
                origin: parts.next().map(str::to_owned),
            },
            "f" => Self::Forget,
            _ => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some((node, message))
    }
}

/// This node's side: its name and the queue to the thread (none on SQLite).
pub struct Cluster {
    node: String,
    outgoing: Option<Sender<Message>>,
    queued: Arc<std::sync::atomic::AtomicUsize>,
    incoming: Mutex<Option<Receiver<Message>>>,
}

impl Cluster {
    pub fn new(database_url: &str) -> Self {
        let node = uuid::Uuid::new_v4().simple().to_string();
        let postgres = DatabaseUrl::parse(database_url).is_ok_and(|u| !u.is_sqlite());
        let (outgoing, incoming) = if postgres {
            let (tx, rx) = std::sync::mpsc::channel();
            (Some(tx), Some(rx))
        } else {
            (None, None)
        };
        Self {
            node,
            outgoing,
            queued: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            incoming: Mutex::new(incoming),
        }
    }

    /// Queues a message for the other nodes (nothing on SQLite).
    pub fn tell(&self, message: Message) {
        use std::sync::atomic::Ordering;
        let Some(tx) = &self.outgoing else {
            return;
        };
        let message = if self.queued.load(Ordering::Relaxed) >= QUEUE {
            Message::Forget
        } else {
            message
        };
        self.queued.fetch_add(1, Ordering::Relaxed);
        if tx.send(message).is_err() {
            self.queued.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// Starts the node's thread on PostgreSQL. It ends when the app state is gone.
pub fn spawn(state: &Arc<AppState>) {
    let Some(queue) = state
        .cluster
        .incoming
        .lock()
        .ok()
        .and_then(|mut q| q.take())
    else {
        return;
    };
    let weak = Arc::downgrade(state);
    let url = state.config.database_url.clone();
    let node = state.cluster.node.clone();
    let queued = state.cluster.queued.clone();
    let spawned = std::thread::Builder::new()
        .name("justera-kluster".into())
        .spawn(move || run(&weak, &url, &node, &queue, &queued));
    if let Err(e) = spawned {
        eprintln!("justera: tråden för de andra noderna kunde inte startas: {e}");
    }
}

fn run(
    state: &Weak<AppState>,
    url: &str,
    node: &str,
    queue: &Receiver<Message>,
    queued: &std::sync::atomic::AtomicUsize,
) {
    let Ok(url) = DatabaseUrl::parse(url) else {
        return;
    };
    loop {
        match Listener::open(&url) {
            Ok(Some(mut listener)) => {
                // Whatever the others said while this node was not listening is lost: start
                // from a clean cache.
                match state.upgrade() {
                    Some(s) => s.forget_local(),
                    None => return,
                }
                match serve(&mut listener, state, node, queue, queued) {
                    Ok(()) => return,
                    Err(e) => eprintln!(
                        "justera: förbindelsen med de andra noderna bröts ({e}); ansluter igen"
                    ),
                }
            }
            Ok(None) => return,
            Err(e) => eprintln!("justera: kan inte lyssna efter de andra nodernas ändringar: {e}"),
        }
        if state.strong_count() == 0 {
            return;
        }
        std::thread::sleep(RECONNECT);
    }
}

/// Sends and receives until the app state is gone (`Ok`) or the connection fails.
fn serve(
    listener: &mut Listener,
    state: &Weak<AppState>,
    node: &str,
    queue: &Receiver<Message>,
    queued: &std::sync::atomic::AtomicUsize,
) -> Result<(), StoreError> {
    use std::sync::atomic::Ordering;
    let mut checked = Instant::now();
    loop {
        match queue.recv_timeout(POLL) {
            Ok(first) => {
                let mut batch = vec![first];
                batch.extend(queue.try_iter());
                queued.fetch_sub(batch.len(), Ordering::Relaxed);
                batch.dedup();
                for message in &batch {
                    listener.publish(&message.encode(node))?;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        let received = listener.received()?;
        if !received.is_empty() {
            let Some(s) = state.upgrade() else {
                return Ok(());
            };
            for payload in received {
                match Message::decode(&payload) {
                    Some((from, _)) if from == node => {}
                    Some((_, Message::Meeting { meeting, origin })) => s.deliver(meeting, origin),
                    Some((_, Message::Forget)) => s.forget_local(),
                    None => eprintln!("justera: okänt meddelande på kanalen: {payload:.80}"),
                }
            }
        }
        if checked.elapsed() > CHECK {
            if !listener.alive() {
                return Err(StoreError::Connection("PostgreSQL svarar inte".into()));
            }
            if state.strong_count() == 0 {
                return Ok(());
            }
            checked = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn messages_round_trip_and_anything_else_is_ignored() {
        let meeting: MeetingId = "6d1c4a3e-2f0b-4c1e-9a57-202410210001".parse().unwrap();
        for m in [
            Message::Meeting {
                meeting,
                origin: Some("abc123".into()),
            },
            Message::Meeting {
                meeting,
                origin: None,
            },
            Message::Forget,
        ] {
            assert_eq!(Message::decode(&m.encode("n1")), Some(("n1".into(), m)));
        }
        for junk in [
            "",
            "m",
            "m n1",
            "m n1 not-a-uuid",
            "x n1",
            "f n1 extra",
            "m n1 6d1c4a3e-2f0b-4c1e-9a57-202410210001 o extra",
        ] {
            assert_eq!(Message::decode(junk), None, "{junk:?}");
        }
    }
}
