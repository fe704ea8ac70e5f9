//! A parallel map whose results are used on the calling thread, in input order, while
//! the other threads go on: for batches whose results must be turned into something
//! only one thread may make (Python objects under the GIL, lines of one output), so that
//! this serial part overlaps the parallel one instead of following it.

use std::collections::VecDeque;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex};

/// Computes `work(item)` for every item of `items` on `threads` threads (`None`: one per
/// core), the calling thread among them, and calls `take(index, result)` on the calling
/// thread for each item in order, as soon as its result is ready. Items are drawn from
/// `items` one at a time by whichever thread is free (so reading them overlaps the
/// work), and at most `window` are drawn but not yet taken, whatever the length of
/// `items`. The calling thread works whenever the next result is not ready. The first
/// error of `take` stops the batch (work already started finishes, none begins) and is
/// returned.
///
/// A panic in `work` on another thread is raised again on the calling thread.
pub(crate) fn map_in_order<T, R, E>(
    items: impl Iterator<Item = T> + Send,
    threads: Option<usize>,
    window: usize,
    work: impl Fn(T) -> R + Sync,
    take: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    map_in_order_weighted(items, threads, (window, usize::MAX), |_| 0, work, take)
}

/// The threads a batch runs on: `requested`, or one per core, and never more than
/// [`crate::batch::MAX_THREADS_PER_CORE`] per core.
pub(crate) fn thread_count(requested: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    requested
        .unwrap_or(cores)
        .min(cores * crate::batch::MAX_THREADS_PER_CORE)
}

/// [`map_in_order`] with a second bound on the items drawn but not taken: their total
/// `weight` (bytes, say) stays under `window.1`, the one drawn last aside (so that an item
/// heavier than the bound still goes through, alone).
pub(crate) fn map_in_order_weighted<T, R, E>(
    items: impl Iterator<Item = T> + Send,
    threads: Option<usize>,
    window: (usize, usize),
    weight: impl Fn(&T) -> usize + Send,
    work: impl Fn(T) -> R + Sync,
    mut take: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let (window, max_weight) = window;
    let threads = thread_count(threads);
    if threads <= 1 {
        for (i, item) in items.enumerate() {
            take(i, work(item))?;
        }
        return Ok(());
    }
    let state = Mutex::new(State {
        items,
        weight,
        in_flight: 0,
        max_weight,
        drawn: 0,
        taken: 0,
        waiting: 0,
        exhausted: false,
        stopped: false,
        done: VecDeque::new(),
    });
    let window = window.max(threads);
    // `changed`: a result came in, an item was taken, or the items ran out.
    let changed = Condvar::new();
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let wait = |guard| changed.wait(guard).unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| {
                let mut guard = lock();
                loop {
                    if guard.stopped || guard.exhausted {
                        return;
                    }
                    if guard.full(window) {
                        guard.waiting += 1;
                        guard = wait(guard);
                        guard.waiting -= 1;
                        continue;
                    }
                    let Some((i, item)) = guard.draw() else {
                        changed.notify_all();
                        return;
                    };
                    drop(guard);
                    let result = catch_unwind(AssertUnwindSafe(|| work(item)));
                    guard = lock();
                    guard.store(i, result);
                    if guard.waiting > 0 {
                        changed.notify_all();
                    }
                }
            });
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut guard = lock();
            loop {
                let next = guard.taken;
                if let Some(result) = guard.take_ready() {
                    if guard.waiting > 0 {
                        changed.notify_all();
                    }
                    drop(guard);
                    match result {
                        Ok(result) => take(next, result)?,
                        Err(panic) => resume_unwind(panic),
                    }
                    guard = lock();
                    continue;
                }
                if guard.exhausted && guard.drawn == guard.taken {
                    return Ok(());
                }
                // Not ready: work meanwhile, when the window allows, else wait.
                if !guard.exhausted && !guard.full(window) {
                    if let Some((i, item)) = guard.draw() {
                        drop(guard);
                        let result = work(item);
                        guard = lock();
                        guard.store(i, Ok(result));
                        continue;
                    }
                    changed.notify_all();
                    continue;
                }
                guard.waiting += 1;
                guard = wait(guard);
                guard.waiting -= 1;
            }
        }));
        // On an error or a panic, no more work starts; helpers waiting for room wake
        // and leave.
        lock().stopped = true;
        changed.notify_all();
        outcome.unwrap_or_else(|panic| resume_unwind(panic))
    })
}

/// What the threads share: the items still to draw and the results not yet taken.
struct State<I, W, R> {
    items: I,
    weight: W,
    /// The sum of the weights of items `taken..drawn`.
    in_flight: usize,
    max_weight: usize,
    /// Items drawn so far (the next one's index).
    drawn: usize,
    /// Results taken so far (the next one's index).
    taken: usize,
    /// Threads waiting on the condition variable (so that no wake-up is sent for none).
    waiting: usize,
    exhausted: bool,
    stopped: bool,
    /// Weights and results of items `taken..drawn`, the result `None` while the item is
    /// being worked on.
    done: VecDeque<(usize, Option<std::thread::Result<R>>)>,
}

impl<T, I: Iterator<Item = T>, W: Fn(&T) -> usize, R> State<I, W, R> {
    /// No item may be drawn until one is taken.
    fn full(&self, window: usize) -> bool {
        self.drawn - self.taken >= window || self.in_flight >= self.max_weight
    }

    fn draw(&mut self) -> Option<(usize, T)> {
        match self.items.next() {
            Some(item) => {
                let weight = (self.weight)(&item);
                self.in_flight = self.in_flight.saturating_add(weight);
                self.done.push_back((weight, None));
                self.drawn += 1;
                Some((self.drawn - 1, item))
            }
            None => {
                self.exhausted = true;
                None
            }
        }
    }

    fn store(&mut self, i: usize, result: std::thread::Result<R>) {
        self.done[i - self.taken].1 = Some(result);
    }

    fn take_ready(&mut self) -> Option<std::thread::Result<R>> {
        if !matches!(self.done.front(), Some((_, Some(_)))) {
            return None;
        }
        self.taken += 1;
        let (weight, result) = self.done.pop_front()?;
        self.in_flight -= weight.min(self.in_flight);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn squares(count: usize, threads: Option<usize>, window: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        map_in_order(
            0..count,
            threads,
            window,
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
    fn the_weight_of_items_drawn_but_not_taken_stays_bounded() {
        // Items of weight 4 under a bound of 10: at most three drawn and not yet taken,
        // however many records the window would allow.
        let drawn = AtomicUsize::new(0);
        let mut most = 0;
        let mut order = Vec::new();
        map_in_order_weighted(
            0..200usize,
            Some(4),
            (1000, 10),
            |_| {
                drawn.fetch_add(1, Ordering::SeqCst);
                4
            },
            |i| {
                std::thread::sleep(std::time::Duration::from_micros(50));
                i
            },
            |i, r| {
                most = most.max(drawn.load(Ordering::SeqCst) - i);
                order.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(order, (0..200).collect::<Vec<_>>());
        // The item being taken, and at most three more drawn meanwhile.
        assert!(most <= 4, "{most} items held");
        // One item heavier than the bound still goes through.
        let mut out = Vec::new();
        map_in_order_weighted(
            0..3usize,
            Some(2),
            (8, 1),
            |_| 100,
            |i| i,
            |_, r| {
                out.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(out, [0, 1, 2]);
    }

    #[test]
    fn results_come_in_input_order_on_any_number_of_threads() {
        for threads in [None, Some(0), Some(1), Some(2), Some(7)] {
            for count in [0, 1, 2, 3, 100] {
                for window in [0, 1, 4, 1000] {
                    let want: Vec<_> = (0..count).map(|i| (i, i * i)).collect();
                    assert_eq!(
                        squares(count, threads, window),
                        want,
                        "{count} on {threads:?}, window {window}"
                    );
                }
            }
        }
    }

    #[test]
    fn uneven_work_still_comes_in_order_within_the_window() {
        // Early items are slow, so later ones finish first on the other threads.
        let drawn = AtomicUsize::new(0);
        let items = (0..50).inspect(|_| {
            drawn.fetch_add(1, Ordering::SeqCst);
        });
        let slow = |i: usize| {
            if i < 3 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            i
        };
        let mut seen = Vec::new();
        map_in_order(items, Some(3), 8, slow, |i, r| {
            assert_eq!(i, r);
            // Never more than the window drawn past what is taken (this one included).
            assert!(
                drawn.load(Ordering::SeqCst) <= i + 1 + 8,
                "drawn ahead at {i}"
            );
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
            0..10_000,
            Some(2),
            16,
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
        assert!(started.load(Ordering::Relaxed) < 100);
    }

    #[test]
    fn a_panic_on_another_thread_reaches_the_caller() {
        for threads in [2, 4] {
            let outcome = catch_unwind(|| {
                map_in_order(
                    0..100,
                    Some(threads),
                    10,
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
}
