"""The load: clients in threads, each cycling over the pages with one request at a time
(a new connection each, as gunicorn's sync workers close it after a response); and a
writer that records progress updates through `programmes.services.progress_update_create`
meanwhile, keeping what was acknowledged and what was refused."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from datetime import date, timedelta
from itertools import count, cycle

from .summary import Result

TIMEOUT = 15.0  # a request with no answer in this long counts as failed


class Load:
    def __init__(self, port: int, urls: list[str], clients: int = 8):
        self.port = port
        self.urls = urls
        self.clients = clients
        self.results: list[Result] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for number in range(self.clients):
            thread = threading.Thread(
                target=self._client, args=(number,), name=f"client-{number}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=TIMEOUT + 5)
        self._threads = []

    def _client(self, number: int) -> None:
        urls = cycle(self.urls[number % len(self.urls) :] + self.urls[: number % len(self.urls)])
        for sequence in count():
            if self._stop.is_set():
                return
            url = next(urls)
            result = self.request(url, f"faults-{number}-{sequence}")
            self.results.append(result)  # list.append is atomic
            if not result.answered:
                time.sleep(0.01)  # no server to talk to: do not spin

    def request(self, url: str, request_id: str) -> Result:
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request("GET", url, headers={"X-Request-ID": request_id})
            response = connection.getresponse()
            response.read()
            return Result(start, time.monotonic(), status=response.status, url=url)
        except (OSError, http.client.HTTPException) as error:
            return Result(start, time.monotonic(), error=type(error).__name__, url=url)
        finally:
            connection.close()


class Writer:
    """Progress updates, one after another, each a new date for one of the programmes
    (counting back from `last_day`: an update may not describe the future), headed with
    a marker to find it afterwards. Runs in this process, with Django set
    up against the throwaway cluster, as an officer's save in the admin would."""

    def __init__(self, programme_ids: list[int], prefix: str, last_day: date):
        self.programme_ids = programme_ids
        self.prefix = prefix
        self.last_day = last_day
        self.acknowledged: list[str] = []
        self.refused: list[str] = []
        self.reasons: Counter = Counter()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="writer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _run(self) -> None:
        from django.db import close_old_connections, connection

        from programmes.models import Programme
        from programmes.services import progress_update_create

        try:
            for number in count():
                if self._stop.is_set():
                    return
                # As at each request's start: drop a connection that broke or aged.
                close_old_connections()
                marker = f"{self.prefix}-{number}"
                programme_id = self.programme_ids[number % len(self.programme_ids)]
                day = self.last_day - timedelta(days=number // len(self.programme_ids))
                try:
                    progress_update_create(
                        programme=Programme.objects.get(pk=programme_id),
                        as_at=day,
                        rag="amber",
                        headline=marker,
                        override_reason="Written by make faults.",
                    )
                except Exception as error:  # noqa: BLE001 - any failure is a refused write
                    self.refused.append(marker)
                    self.reasons[type(error).__name__] += 1
                    time.sleep(0.05)
                else:
                    self.acknowledged.append(marker)
                time.sleep(0.01)
        finally:
            connection.close()


def stored_markers(prefix: str) -> tuple[list[str], list[str]]:
    """The writer's updates in the database, and those of them with a history row."""
    from django.db import connection

    from programmes.models import ProgressUpdate

    connection.close()  # this thread's connection did not live through the fault

    stored = list(
        ProgressUpdate.objects.filter(headline__startswith=f"{prefix}-").values_list(
            "headline", flat=True
        )
    )
    history = list(
        ProgressUpdate.history.filter(
            headline__startswith=f"{prefix}-", history_type="+"
        ).values_list("headline", flat=True)
    )
    return stored, history
