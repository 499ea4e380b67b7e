"""`vplan worker`: run the queued jobs (large imports, PDFs) so that no request waits for them.

    vplan worker            run jobs as they come, polling the queue (stop with Ctrl-C/SIGTERM)
    vplan worker --burst    run every queued job, then stop
    vplan worker --once     run at most one job, then stop

A progress line on stderr follows the running job. SIGTERM (systemd, docker stop) lets the
running job finish and then stops; a worker killed outright stops beating, and its job is queued
again for another worker after VPLAN_JOB_STALE_SECONDS (at most three attempts).
"""

import os
import signal
import socket
import threading
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections, connection
from django.utils.translation import gettext as _

from vplan.jobs.running import beat, run_next_job

HEARTBEAT_SECONDS = 10


class Command(BaseCommand):
    help = "Run the queued background jobs (large imports, PDF reports)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="Run at most one job, then stop.")
        mode.add_argument("--burst", action="store_true", help="Run every queued job, then stop.")
        parser.add_argument(
            "--poll", type=float, default=1.0, help="Seconds between looks at an empty queue."
        )
        parser.add_argument("--name", default="", help="The worker's name (default host:pid).")
        parser.add_argument("--no-progress", action="store_true", help="No progress line.")

    def handle(self, *args, once=False, burst=False, poll=1.0, name="", no_progress=False, **_o):
        self.worker = name or f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = False
        self.show_progress = not no_progress
        self._current = None
        previous = signal.getsignal(signal.SIGTERM)
        in_main_thread = threading.current_thread() is threading.main_thread()
        if in_main_thread:
            signal.signal(signal.SIGTERM, self._stop)
        heart = None
        if not (once or burst):
            heart = threading.Thread(target=self._heartbeat, daemon=True)
            heart.start()
        self.stderr.write(_("Worker %(name)s is running.") % {"name": self.worker})
        ran = 0
        try:
            while not self.stopping:
                if heart is not None:  # a long-running worker: drop a connection gone bad
                    close_old_connections()
                job = run_next_job(worker=self.worker, on_step=self._step)
                if job is not None:
                    ran += 1
                    self._report(job)
                    if once:
                        break
                    continue
                if once or burst:
                    break
                time.sleep(poll)
        except KeyboardInterrupt:
            pass
        finally:
            self.stopping = True
            if in_main_thread:
                signal.signal(signal.SIGTERM, previous)
        self.stderr.write(
            _("Worker %(name)s stopped after %(count)s jobs.") % {"name": self.worker, "count": ran}
        )

    def _stop(self, signum, frame):
        """SIGTERM: finish the running job, then stop."""
        self.stopping = True

    def _step(self, job):
        self._current = job.pk
        if not self.show_progress:
            return
        total = job.progress_total or 1
        width = 30
        filled = width * min(job.progress_done, total) // total
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {job.progress_done}/{total} {job.pk}: {job.progress_message}"
        self.stderr.write(line[:120].ljust(120), ending="")
        self.stderr.flush()

    def _report(self, job):
        self._current = None
        if self.show_progress:
            self.stderr.write("\r" + " " * 120 + "\r", ending="")
        text = f"{job.pk} {job.title or job.kind}: {job.get_state_display()}"
        if job.error:
            text += f" – {job.error}"
        self.stdout.write(text)

    def _heartbeat(self):
        """On its own connection: the running job's sign of life, also while the job is inside
        a long transaction (on SQLite a write then waits; a missed beat is only a late one)."""
        while not self.stopping:
            time.sleep(HEARTBEAT_SECONDS)
            current = self._current
            if current is None:
                continue
            try:
                beat(job_id=current, worker=self.worker)
            except OperationalError:
                pass
        connection.close()
