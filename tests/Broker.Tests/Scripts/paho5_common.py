# What the paho-mqtt scenario scripts (paho5_scenario.py, paho5_shared.py) share: a client of either protocol version
# that records CONNACK, SUBACK/UNSUBACK reason codes by message id and the messages it receives, with bounded waits.
# Debian python3-paho-mqtt 1.6 (MQTTv5 and MQTTv311). Imported from the scripts' own folder.
import threading, time
import paho.mqtt.client as mqtt

TIMEOUT = 20


class Client:
    """One paho client on 127.0.0.1:port. Messages are stored as entry(m) returns them (override to keep more)."""

    def __init__(self, port, client_id, version):
        self.port = port
        self.version = version
        self.c = mqtt.Client(client_id=client_id, protocol=version)
        self.connack = threading.Event()
        self.acks = {}
        self.messages = []
        self.lock = threading.Lock()
        self.c.on_connect = self.on_connect
        self.c.on_subscribe = self.on_subscribe
        self.c.on_unsubscribe = self.on_unsubscribe
        self.c.on_message = self.on_message

    def on_connect(self, client, userdata, flags, rc, properties=None):
        self.rc = rc if isinstance(rc, int) else rc.value
        self.connack_properties = properties
        self.connack.set()

    def on_subscribe(self, client, userdata, mid, granted, properties=None):
        self.acks[mid] = [g if isinstance(g, int) else g.value for g in granted]

    def on_unsubscribe(self, client, userdata, mid, properties=None, reason_codes=None):
        if isinstance(reason_codes, list):
            self.acks[mid] = [r.value for r in reason_codes]
        elif reason_codes is not None:
            self.acks[mid] = [reason_codes.value]
        else:
            self.acks[mid] = []

    def entry(self, m):
        return m.payload.decode("utf-8", "replace")

    def on_message(self, client, userdata, m):
        e = self.entry(m)
        with self.lock:
            self.messages.append(e)

    def connect(self, **kw):
        """Connects (clean start for MQTTv5, with kw passed on), starts the network loop, waits for CONNACK; its code."""
        if self.version == mqtt.MQTTv5:
            self.c.connect("127.0.0.1", self.port, 30, clean_start=True, **kw)
        else:
            self.c.connect("127.0.0.1", self.port, 30)
        self.c.loop_start()
        if not self.connack.wait(TIMEOUT):
            raise SystemExit("no CONNACK")
        return self.rc

    def wait_ack(self, mid):
        """The reason codes of the SUBACK/UNSUBACK for mid, or None when none came within TIMEOUT."""
        deadline = time.time() + TIMEOUT
        while mid not in self.acks and time.time() < deadline:
            time.sleep(0.01)
        return self.acks.get(mid)

    def wait_messages(self, n):
        """A copy of the messages once n arrived, or of those there are after TIMEOUT."""
        deadline = time.time() + TIMEOUT
        while len(self.messages) < n and time.time() < deadline:
            time.sleep(0.01)
        with self.lock:
            return list(self.messages)

    def count(self):
        with self.lock:
            return len(self.messages)
