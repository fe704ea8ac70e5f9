//! A parallel map whose results are used on the calling thread, in input order, while
//! the other threads go on: for batches whose results must be turned into something
//! only one thread may make (Python objects under the GIL, lines of one output), so that
//! this serial part overlaps the parallel one instead of following it.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Computes `work(i)` for every `i` in `0..count` on `threads` threads (`None`: one per
/// core), the calling thread among them, and calls `take(i, result)` on the calling
/// thread for each `i` in order, as soon as that result is ready. The calling thread
/// computes whenever the next result is not ready. The first error of `take` stops the
/// batch (work already started finishes, none begins) and is returned.
///
/// A panic in `work` on another thread is raised again on the calling thread.
pub(crate) fn map_in_order<R, E>(
    count: usize,
    threads: Option<usize>,
    work: impl Fn(usize) -> R + Sync,
    mut take: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    R: Send,
{
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let helpers = threads.max(1).min(count) - usize::from(count > 0);
    if helpers == 0 {
        for i in 0..count {
            take(i, work(i))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<std::thread::Result<R>>>> =
        (0..count).map(|_| Mutex::new(None)).collect();
    // Signalled whenever a helper fills a slot; waited on only by the calling thread.
    let (filled, signal) = (Mutex::new(()), Condvar::new());
    let claim = || {
        let i = next.fetch_add(1, Ordering::Relaxed);
        (i < count).then_some(i)
    };
    let lock = |i: usize| slots[i].lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..helpers {
            scope.spawn(|| {
                while let Some(i) = claim() {
                    let result = catch_unwind(AssertUnwindSafe(|| work(i)));
                    *lock(i) = Some(result);
                    drop(filled.lock().unwrap_or_else(|e| e.into_inner()));
                    signal.notify_one();
                }
            });
        }
        let outcome = (|| {
            for i in 0..count {
                let result = loop {
                    if let Some(result) = lock(i).take() {
                        break result;
                    }
                    if let Some(j) = claim() {
                        // Not ready: do some of the work meanwhile (often `i` itself).
                        let result = work(j);
                        if j == i {
                            break Ok(result);
                        }
                        *lock(j) = Some(Ok(result));
                        continue;
                    }
                    // Everything is claimed: wait for the helper that has `i`.
                    let guard = filled.lock().unwrap_or_else(|e| e.into_inner());
                    if lock(i).is_none() {
                        drop(signal.wait(guard).unwrap_or_else(|e| e.into_inner()));
                    }
                };
                match result {
                    Ok(result) => take(i, result)?,
                    Err(panic) => resume_unwind(panic),
                }
            }
            Ok(())
        })();
        // On an error, no more work starts.
        next.store(count, Ordering::Relaxed);
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squares(count: usize, threads: Option<usize>) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        map_in_order(
            count,
            threads,
            |i| i * i,
            |i, r| {
                out.push((i, r));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn results_come_in_input_order_on_any_number_of_threads() {
        for threads in [None, Some(0), Some(1), Some(2), Some(7)] {
            for count in [0, 1, 2, 3, 100] {
                let want: Vec<_> = (0..count).map(|i| (i, i * i)).collect();
                assert_eq!(squares(count, threads), want, "{count} on {threads:?}");
            }
        }
    }

    #[test]
    fn uneven_work_still_comes_in_order() {
        // Early items are slow, so later ones finish first on the other thread.
        let mut seen = Vec::new();
        let slow = |i: usize| {
            if i < 3 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            i
        };
        map_in_order(50, Some(3), slow, |i, r| {
            assert_eq!(i, r);
            seen.push(i);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn an_error_of_take_stops_the_batch() {
        let started = AtomicUsize::new(0);
        let mut taken = 0;
        let outcome = map_in_order(
            10_000,
            Some(2),
            |i| {
                started.fetch_add(1, Ordering::Relaxed);
                i
            },
            |i, _| {
                taken += 1;
                if i == 5 {
                    Err(i)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(outcome, Err(5));
        assert_eq!(taken, 6);
        assert!(started.load(Ordering::Relaxed) < 10_000);
    }

    #[test]
    fn a_panic_on_another_thread_reaches_the_caller() {
        let outcome = catch_unwind(|| {
            map_in_order(
                100,
                Some(2),
                |i| {
                    assert!(i != 40, "item 40");
                    i
                },
                |_, _| Ok::<(), ()>(()),
            )
        });
        assert!(outcome.is_err());
    }
}
