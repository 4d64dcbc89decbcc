#!/usr/bin/python3
"""A minimal StatusNotifierWatcher and a tray-menu clicker, for the tray end-to-end test.

Runs with the system Python (python3-dbus, python3-gi), inside the test's D-Bus session:

  sni.py watch              own org.kde.StatusNotifierWatcher and accept item registrations
                            (what a desktop's panel does), until killed;
  sni.py labels             print the registered items' menu labels as JSON;
  sni.py click LABEL        send com.canonical.dbusmenu.Event(id, "clicked") to the menu item
                            whose label is LABEL (mnemonic underscores ignored); exit 1 when
                            no item has it.
"""

from __future__ import annotations

import json
import sys
import time

import dbus
import dbus.service

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
PROPS = "org.freedesktop.DBus.Properties"


class Watcher(dbus.service.Object):
    def __init__(self, bus: dbus.Bus) -> None:
        self.items: list[str] = []
        self.name = dbus.service.BusName(WATCHER, bus)
        super().__init__(bus, WATCHER_PATH)

    @dbus.service.method(WATCHER, in_signature="s", out_signature="", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service: str, sender: str = "") -> None:  # noqa: N802
        # An item passes its bus name or its object path (then the sender is the bus name).
        item = f"{sender}{service}" if service.startswith("/") else f"{service}/StatusNotifierItem"
        if item not in self.items:
            self.items.append(item)
            print(f"sni: registered {item}", file=sys.stderr, flush=True)
        self.StatusNotifierItemRegistered(item)

    @dbus.service.method(WATCHER, in_signature="s", out_signature="")
    def RegisterStatusNotifierHost(self, service: str) -> None:  # noqa: N802
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemRegistered(self, item: str) -> None:  # noqa: N802
        pass

    @dbus.service.signal(WATCHER, signature="")
    def StatusNotifierHostRegistered(self) -> None:  # noqa: N802
        pass

    @dbus.service.method(PROPS, in_signature="ss", out_signature="v")
    def Get(self, interface: str, prop: str):  # noqa: N802
        return self.GetAll(interface)[prop]

    @dbus.service.method(PROPS, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface: str):  # noqa: N802
        return {
            "RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }


def watch() -> int:
    from dbus.mainloop.glib import DBusGMainLoop
    from gi.repository import GLib

    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    watcher = Watcher(bus)
    watcher.StatusNotifierHostRegistered()
    print("sni: watcher ready", file=sys.stderr, flush=True)
    GLib.MainLoop().run()
    return 0


def items(bus: dbus.Bus) -> list[str]:
    watcher = bus.get_object(WATCHER, WATCHER_PATH)
    return [str(i) for i in watcher.Get(WATCHER, "RegisteredStatusNotifierItems", dbus_interface=PROPS)]


def menus(bus: dbus.Bus):
    """(menu proxy, [(id, label)]) for every registered item."""
    out = []
    # Newest first; an item whose process has gone (an app that was restarted) is skipped.
    for item in reversed(items(bus)):
        name, _, path = item.partition("/")
        try:
            obj = bus.get_object(name, "/" + path)
            menu_path = obj.Get(ITEM, "Menu", dbus_interface=PROPS)
            menu = bus.get_object(name, menu_path)
            _, layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface=MENU)
        except dbus.DBusException as e:
            print(f"sni: skipping {item}: {e.get_dbus_name()}", file=sys.stderr)
            continue
        entries = []

        def walk(node) -> None:
            ident, props, children = node
            label = props.get("label")
            if label is not None:
                entries.append((int(ident), str(label).replace("_", "")))
            for child in children:
                walk(child)

        walk(layout)
        out.append((menu, entries))
    return out


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == "watch":
        return watch()
    bus = dbus.SessionBus()
    if sys.argv[1] == "labels":
        print(json.dumps([label for _, entries in menus(bus) for _, label in entries]))
        return 0
    if sys.argv[1] == "click" and len(sys.argv) == 3:
        want = sys.argv[2]
        for menu, entries in menus(bus):
            for ident, label in entries:
                if label == want:
                    menu.Event(dbus.Int32(ident), "clicked", dbus.Int32(0, variant_level=1),
                               dbus.UInt32(int(time.time())), dbus_interface=MENU)
                    print(json.dumps({"clicked": label, "id": ident}))
                    return 0
        print(json.dumps({"error": f"no menu item {want!r}"}))
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
