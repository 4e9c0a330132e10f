"""Alert dispatch: a registry of {alert class: handler}, in the style of Deluge's
alertmanager, instead of a chain of isinstance tests.

libtorrent's alert classes form a hierarchy (tracker_error_alert is a tracker_alert):
a handler registered for a base class receives the subclasses that have no handler
of their own."""

import logging
from collections.abc import Callable, Iterable
from typing import Any

logger = logging.getLogger(__name__)

AlertHandler = Callable[[Any], None]


class AlertDispatcher:
    def __init__(self) -> None:
        self._handlers: dict[type, AlertHandler] = {}
        self._resolved: dict[type, AlertHandler | None] = {}

    def register(self, alert_type: type, handler: AlertHandler) -> None:
        self._handlers[alert_type] = handler
        self._resolved.clear()

    def register_all(self, handlers: dict[type, AlertHandler]) -> None:
        for alert_type, handler in handlers.items():
            self.register(alert_type, handler)

    def handler_for(self, alert_type: type) -> AlertHandler | None:
        if alert_type not in self._resolved:
            self._resolved[alert_type] = next(
                (self._handlers[k] for k in alert_type.__mro__ if k in self._handlers),
                None,
            )
        return self._resolved[alert_type]

    def dispatch(self, alerts: Iterable[Any]) -> int:
        """Hand each alert to its handler; return how many were handled. A failing
        handler is logged and never stops the others (nor the daemon)."""
        handled = 0
        for alert in alerts:
            handler = self.handler_for(type(alert))
            if handler is None:
                logger.debug("%s: %s", type(alert).__name__, alert.message())
                continue
            try:
                handler(alert)
            except Exception:
                logger.exception("handler for %s failed", type(alert).__name__)
            handled += 1
        return handled
