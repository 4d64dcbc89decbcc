#!/usr/bin/python3
"""A freedesktop Notifications server that records what it receives, for the reminders
end-to-end test (what a desktop's notification daemon is, minus the bubbles).

Runs with the system Python (python3-dbus, python3-gi), inside the test's D-Bus session:

  notifyd.py serve LOG      own org.freedesktop.Notifications; append each Notify call to LOG
                            as one JSON line {id, app, summary, body, actions, hints, timeout};
                            until killed;
  notifyd.py invoke ID ACTION
                            make the server emit ActionInvoked(ID, ACTION) then
                            NotificationClosed(ID, 2), as a person clicking a button (the
                            signals must come from the name's owner, so the server emits them,
                            asked through the test interface org.valet.NotifyTest).
"""

from __future__ import annotations

import json
import sys

import dbus
import dbus.service

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
TEST = "org.valet.NotifyTest"


class Server(dbus.service.Object):
    def __init__(self, bus: dbus.Bus, log_path: str) -> None:
        self.next_id = 0
        self.log_path = log_path
        self.name = dbus.service.BusName(NAME, bus)
        super().__init__(bus, PATH)

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces_id, icon, summary, body, actions, hints, timeout):  # noqa: N802
        self.next_id += 1
        nid = int(replaces_id) or self.next_id
        pairs = [str(a) for a in actions]
        record = {
            "id": nid,
            "app": str(app),
            "icon": str(icon),
            "summary": str(summary),
            "body": str(body),
            "actions": dict(zip(pairs[0::2], pairs[1::2])),
            "hints": {str(k): str(v) for k, v in hints.items() if k != "image-data"},
            "timeout": int(timeout),
        }
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        print(f"notifyd: {nid} {summary!r}", file=sys.stderr, flush=True)
        return dbus.UInt32(nid)

    @dbus.service.method(NAME, in_signature="u", out_signature="")
    def CloseNotification(self, nid):  # noqa: N802
        self.NotificationClosed(nid, dbus.UInt32(3))

    @dbus.service.method(NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):  # noqa: N802
        return dbus.Array(["actions", "body", "body-markup", "persistence"], signature="s")

    @dbus.service.method(NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):  # noqa: N802
        return ("valet-notifyd", "valet", "1.0", "1.2")

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, nid, action):  # noqa: N802
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, nid, reason):  # noqa: N802
        pass

    @dbus.service.method(TEST, in_signature="us", out_signature="")
    def Invoke(self, nid, action):  # noqa: N802
        self.ActionInvoked(dbus.UInt32(nid), action)
        self.NotificationClosed(dbus.UInt32(nid), dbus.UInt32(2))


def serve(log_path: str) -> int:
    from dbus.mainloop.glib import DBusGMainLoop
    from gi.repository import GLib

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    Server(bus, log_path)
    print("notifyd: ready", file=sys.stderr, flush=True)
    GLib.MainLoop().run()
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        return serve(sys.argv[2])
    if len(sys.argv) == 4 and sys.argv[1] == "invoke":
        bus = dbus.SessionBus()
        obj = bus.get_object(NAME, PATH)
        obj.Invoke(dbus.UInt32(int(sys.argv[2])), sys.argv[3], dbus_interface=TEST)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
