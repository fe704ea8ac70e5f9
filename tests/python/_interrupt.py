"""Ctrl-C in a test, judged by work rather than by the wall clock: a busy machine (CI
shares this one) stretches the wall clock, not the CPU time of this process, and a debug
build is slower than a release build at every step alike.

    whole = cpu_of(long_call, small_input) * scale     # the uninterrupted cost, estimated
    with CtrlC(after=0.1) as ctrl_c, pytest.raises(KeyboardInterrupt):
        ctrl_c.run(long_call, big_input)
    ctrl_c.check(whole)
"""

import _thread
import threading
import time


def cpu_of(call, *args, **kwargs) -> float:
    """The CPU time (all of this process's threads) `call` takes."""
    started = time.process_time()
    call(*args, **kwargs)
    return time.process_time() - started


class CtrlC:
    """Presses Ctrl-C `after` seconds in, and records where the call was then."""

    def __init__(self, after: float):
        self.after = after
        self.in_call = False
        self.sent_in_call = None
        self.started_cpu = self.sent_cpu = self.stopped_cpu = None
        self.finished = False

    def _send(self):
        self.sent_in_call = self.in_call
        self.sent_cpu = time.process_time()
        _thread.interrupt_main()

    def __enter__(self):
        self.timer = threading.Timer(self.after, self._send)
        self.timer.start()
        return self

    def run(self, call, *args, **kwargs):
        self.in_call = True
        self.started_cpu = time.process_time()
        try:
            call(*args, **kwargs)
            self.finished = True
        finally:
            self.in_call = False
            self.stopped_cpu = time.process_time()

    def __exit__(self, *exc):
        self.timer.cancel()
        self.timer.join()
        return False

    def check(self, whole_cpu: float):
        """The Ctrl-C came during the call, and the call stopped with most of its work
        (`whole_cpu` seconds of CPU uninterrupted) undone."""
        assert self.sent_in_call, "the call ended before the Ctrl-C: give it more work"
        assert not self.finished, "the call finished its work despite the Ctrl-C"
        spent = self.stopped_cpu - self.started_cpu
        assert spent < whole_cpu / 2, f"{spent:.2f} s of CPU of {whole_cpu:.2f} s"
