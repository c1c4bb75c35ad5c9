# The GIL is released during a computation (another Python thread runs meanwhile) and Ctrl-C
# interrupts a long one at once with KeyboardInterrupt.
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np

import nncert
from conftest import spd


def test_the_gil_is_released_while_certifying():
    a = spd(900, 5, 0.1)
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    start = time.monotonic()
    r = nncert.certify_spd(a)
    elapsed = time.monotonic() - start
    stop.set()
    t.join()
    assert r["verdict"] == "certified"
    # Held GIL: the counter would not move for the whole call. Released: it ticks about every ms.
    assert ticks > 0.2 * elapsed * 1000, (ticks, elapsed)


def test_ctrl_c_interrupts_a_long_computation():
    script = textwrap.dedent("""
        import sys, time, numpy as np, nncert
        a = np.random.default_rng(0).standard_normal((2500, 2500)); a = a @ a.T + np.eye(2500)
        print("ready", flush=True)
        try:
            while True:
                nncert.certify_spd(a)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0)
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    assert p.poll() is None, p.stderr.read()
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    line = p.stdout.readline().strip()
    answered = time.monotonic() - sent
    # The program goes on after catching the interrupt and exits normally: the exit waits for the
    # abandoned computation (no crash in the library's static destructors), and the status is its own.
    out, err = p.communicate(timeout=60)
    assert line == "interrupted", err
    assert answered < 2.0, f"KeyboardInterrupt came only after {answered:.1f} s"
    assert p.returncode == 0, err
